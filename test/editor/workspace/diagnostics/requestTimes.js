const http = require('http');
const requestStart = new Map();

http
  .createServer((req, res) => {
    requestStart.set(req, Date.now());
    res.end(String(Date.now() - requestStart.get(req)));
  })
  .listen(0);
