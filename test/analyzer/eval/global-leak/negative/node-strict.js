'use strict';
const express = require('express');
const app = express();
app.post('/data', function (req, res) {
  const payload = req.body;
  res.json(payload);
});
exports.app = app;
module.exports.helper = function () {};
