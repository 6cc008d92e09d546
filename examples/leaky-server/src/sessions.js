// Session data keyed by the request object: the Map keeps every request (and its socket) alive.
const sessionStarts = new Map();

class SessionInfo {
  constructor(req) {
    this.userAgent = req.headers['user-agent'] ?? 'unknown';
    this.started = Date.now();
  }
}

function trackSession(req) {
  sessionStarts.set(req, new SessionInfo(req));
  return { started: sessionStarts.get(req).started };
}

module.exports = { trackSession };
