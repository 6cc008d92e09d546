/* eslint-disable -- evaluation case: real-world shapes, not linted */
/* global analytics */
var APP_VERSION = '1.0';
appName = 'shop';

window.MyApp = window.MyApp || {};
window.MyApp.version = APP_VERSION;

function track(event) {
  analytics = analytics || [];
  analytics.push(event);
}

function go() {
  location = '/login';
  name = 'main';
}

window.onload = function () {
  document.title = appName;
};

function Point(x, y) {
  this.x = x;
  this.y = y;
}
var p = new Point(1, 2);

var Shape = function (w) {
  this.w = w;
};
Shape.prototype.area = function () {
  return this.w * this.w;
};
var s = new Shape(2);

var widget = {
  init: function () {
    this.ready = true;
  },
};
widget.init();

function bind(el) {
  el.addEventListener('click', function () {
    this.classList.toggle('on');
  });
}

class Store {
  set(v) {
    value = v;
  }
}

window.buffer = [];
function enqueue(x) {
  window.buffer.push(x);
  if (window.buffer.length > 10) window.buffer.length = 0;
}

window.cache = {};
function remember(type, v) {
  window.cache[type] = v;
}

function loop(items) {
  for (var i = 0; i < items.length; i++) items[i]();
  var result = items.map(function (x) { return x; });
  return result;
}

module.exports = { track, go, bind, Store, enqueue, remember, loop, p, s };
