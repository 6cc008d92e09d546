// A process-wide event bus; each request subscribes a handler and never unsubscribes.
const { EventEmitter } = require('node:events');

const bus = new EventEmitter();
bus.setMaxListeners(0);

class ClientSubscription {
  constructor(port) {
    this.port = port;
    this.history = new Array(100).fill(port);
  }
}

function subscribeClient(port) {
  const subscription = new ClientSubscription(port);
  bus.on('broadcast', (message) => subscription.history.push(message));
  return { subscribed: port };
}

module.exports = { subscribeClient, bus };
