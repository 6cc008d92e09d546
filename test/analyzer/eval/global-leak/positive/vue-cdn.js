/* eslint-disable -- evaluation case: real-world shapes, not linted */
// Vue loaded from a CDN in a plain script.
new Vue({
  el: '#app',
  data: { items: [] },
  methods: {
    load: function () {
      response = fetch('/api/items'); // expect: global-leak
      return response;
    },
  },
});
