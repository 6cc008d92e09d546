/* eslint-disable -- evaluation case: real-world shapes, not linted */
'use strict';

function addToCart(price) {
  total = price;
}

function Counter() {
  this.count = 0;
}
Counter();
