/* eslint-disable -- evaluation case: real-world shapes, not compiled or linted */
// @ts-nocheck
export function addToCart(price: number) {
  // @ts-expect-error deliberately undeclared
  total = price;
}
