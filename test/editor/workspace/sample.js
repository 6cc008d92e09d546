// A small workspace the editor tests open. Files here are copied fresh for every run.
export const hello = 'world';
