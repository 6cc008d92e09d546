/* eslint-disable -- evaluation case: real-world shapes, not linted */
import { onMounted, ref } from 'vue';
import { bus } from '@/bus';

export default {
  name: 'StickyHeader',
  data() {
    return { stuck: false };
  },
  mounted() {
    window.addEventListener('scroll', this.onScroll); // expect: listener-not-removed
    bus.$on('theme-changed', this.applyTheme); // expect: listener-not-removed
  },
  methods: {
    onScroll() {
      this.stuck = window.scrollY > 40;
    },
    applyTheme(t) {
      this.$el.dataset.theme = t;
    },
  },
};

export function useKeyboardShortcuts(map) {
  const last = ref('');
  onMounted(() => {
    document.addEventListener('keydown', (e) => { // expect: listener-not-removed
      last.value = e.key;
      map[e.key]?.();
    });
  });
  return { last };
}

export function useMutations(target) {
  onMounted(() => {
    const mo = new MutationObserver(() => console.log('changed'));
    mo.observe(target, { childList: true, subtree: true }); // expect: listener-not-removed
  });
}
