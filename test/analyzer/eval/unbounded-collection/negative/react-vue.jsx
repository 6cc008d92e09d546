import React, { useRef, useMemo } from 'react';

export function List({ items }) {
  const cacheRef = useRef(new Map());
  const rendered = useMemo(() => items.map((i) => {
    if (!cacheRef.current.has(i.id)) cacheRef.current.set(i.id, <li key={i.id}>{i.name}</li>);
    return cacheRef.current.get(i.id);
  }), [items]);
  return <ul>{rendered}</ul>;
}

const pending = new Set();
export function track(requestId) {
  pending.add(requestId);
  return () => pending.delete(requestId);
}

export default {
  data() {
    return { rows: [] };
  },
  methods: {
    add(row) {
      this.rows.push(row);
    },
  },
};
