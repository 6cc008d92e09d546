// The control route: it allocates, answers, and keeps nothing.
function handleClean(n) {
  const count = Math.min(Number(n) || 0, 1000);
  const squares = Array.from({ length: count }, (_, i) => i * i);
  return { sum: squares.reduce((a, b) => a + b, 0) };
}

module.exports = { handleClean };
