const express = require('express');
const app = express();

// Response cache keyed by the route parameter, no limit, no expiry.
const requestCache = {}; // expect: unbounded-collection
app.get('/api/data/:id', (req, res) => {
  const id = req.params.id;
  if (requestCache[id]) return res.json(requestCache[id]);
  const data = { id, at: Date.now() };
  requestCache[id] = data;
  return res.json(data);
});

// Request log kept for "debugging".
const allRequests = []; // expect: unbounded-collection
app.use((req, res, next) => {
  allRequests.push({ url: req.url, method: req.method, time: Date.now() });
  next();
});

// Naive rate limiter: one entry per client IP forever.
const hits = new Map(); // expect: unbounded-collection
app.use((req, res, next) => {
  const n = (hits.get(req.ip) || 0) + 1;
  hits.set(req.ip, n);
  if (n > 1000) return res.sendStatus(429);
  next();
});

// Search results memoized by the raw query string.
const searchCache = new Map(); // expect: unbounded-collection
app.get('/search', async (req, res) => {
  const q = String(req.query.q);
  if (!searchCache.has(q)) searchCache.set(q, await runSearch(q));
  res.json(searchCache.get(q));
});

async function runSearch(q) {
  return [q];
}

module.exports = app;
