/* eslint-disable -- evaluation case: real-world shapes, not linted */
const express = require('express');
const app = express();

global.sessions = {};

app.get('/login', function (req, res) {
  global.sessions[req.query.user] = { at: Date.now() }; // expect: global-leak
  res.send('ok');
});

app.post('/data', function (req, res) {
  payload = req.body; // expect: global-leak
  res.end();
});

function connect(url) {
  client = require('net').connect(url); // expect: global-leak
  return client;
}

function Handler(req) {
  this.req = req; // expect: global-leak
}
app.use(function (req, res, next) {
  Handler(req);
  next();
});

global.requestLog = [];
app.use(function (req, res, next) {
  global.requestLog.push(req.url); // expect: global-leak
  next();
});

module.exports = { app: app, connect: connect };
