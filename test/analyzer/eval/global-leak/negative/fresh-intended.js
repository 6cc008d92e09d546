/* eslint-disable -- evaluation case (fresh, held-out style): not linted */
/* global jQuery, chrome */
// Intended globals: an app namespace, browser-owned globals, and methods called with a receiver.
window.myApp = window.myApp || {};
window.myApp.init = function (root) {
  document.title = 'Shop';
  location.hash = '#home';
  root.dataset.ready = 'true';
};

(function ($) {
  $.fn.highlight = function (color) {
    var self = this;
    return self.css('background', color || 'yellow');
  };
})(jQuery);

var widget = {
  setup: function (options) {
    this.config = options;
  },
};
widget.setup({ theme: 'dark' });

function Panel(el) {
  this.el = el;
}
Panel.prototype.show = function () {
  this.visible = true;
};
new Panel(document.body).show();

function applyTheme(theme) {
  this.theme = theme;
}
applyTheme.call(widget, 'dark');
var bound = applyTheme.bind(widget);
bound('light');
