/* eslint-disable -- evaluation case (fresh, held-out style): not linted */

// Rate-limit window: counts are reset every minute.
const counts = new Map();
setInterval(() => counts.clear(), 60000);
function allow(ip) {
  counts.set(ip, (counts.get(ip) || 0) + 1);
  return counts.get(ip) <= 60;
}

// A per-request dedupe set: created and dropped inside the handler.
function handle(req, res) {
  const seen = new Set();
  for (const item of req.body.items) seen.add(item.sku);
  res.json({ unique: seen.size });
}

// Filled once from a fixed list at module load.
const FEATURES = new Map();
for (const name of ['search', 'checkout', 'wishlist']) FEATURES.set(name, { enabled: true });

// Undo stack bounded by shift().
const undoStack = [];
function pushUndo(state) {
  undoStack.push(state);
  if (undoStack.length > 50) undoStack.shift();
}
module.exports = { allow, handle, pushUndo, FEATURES };
