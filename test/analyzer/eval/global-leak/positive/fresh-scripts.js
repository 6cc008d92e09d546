/* eslint-disable -- evaluation case (fresh, held-out style): not linted */
// Classic scripts: a jQuery plugin, a Chrome extension background page, and page glue (no modules, sloppy).
(function ($) {
  $.fn.highlight = function (color) {
    matched = this.length; // expect: global-leak
    return this.css('background', color || 'yellow');
  };
})(jQuery);

chrome.runtime.onMessage.addListener(function (msg, sender) {
  lastSender = sender.tab && sender.tab.id; // expect: global-leak
});

function setupWidget(options) {
  this.config = options; // expect: global-leak
}
setupWidget({ theme: 'dark' });

function copyProps(src) {
  var out = {};
  for (key in src) { // expect: global-leak
    out[key] = src[key];
  }
  return out;
}

function resetCounters() {
  var hits = misses = 0; // expect: global-leak
  return hits;
}

document.addEventListener('click', function (e) {
  window.__clickTrail.push(e.target.tagName); // expect: global-leak
});
window.__clickTrail = [];
