/* eslint-disable -- evaluation case: real-world shapes, not linted */
// Classic page script (no modules, no strict mode).
var total = 0;

function addToCart(price) {
  totl = total + price; // expect: global-leak
  render();
}

function render() {
  for (i = 0; i < document.forms.length; i++) { // expect: global-leak
    document.forms[i].reset();
  }
}

function loadUser(id) {
  var xhr = new XMLHttpRequest();
  xhr.onload = function () {
    currentUser = JSON.parse(xhr.responseText); // expect: global-leak
  };
  xhr.open('GET', '/users/' + id);
  xhr.send();
}

function Counter() {
  this.count = 0; // expect: global-leak
  this.step = 1;
}
var c = Counter();

$('#search').on('keyup', function () {
  results = filterItems(this.value); // expect: global-leak
});

function filterItems(q) {
  var a = b = []; // expect: global-leak
  return a.concat(b, q);
}

document.getElementById('list').addEventListener('click', function (event) {
  window.clickLog.push({ id: event.target.id, at: Date.now() }); // expect: global-leak
});
window.clickLog = [];

window.addEventListener('popstate', function () {
  window.visited[location.pathname] = Date.now(); // expect: global-leak
});
window.visited = {};

(function () {
  config = { api: '/api' }; // expect: global-leak
})();

function safeParse(text) {
  try {
    return JSON.parse(text);
  } catch (err) {
    lastError = err; // expect: global-leak
    return null;
  }
}

function collect(items) {
  items.forEach(function (item) {
    last = item; // expect: global-leak
  });
}
