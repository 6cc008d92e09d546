// React: hooks whose callback runs on mount, class components and their lifecycle.

/** Hooks whose first argument runs after render and may return a cleanup. */
export const EFFECT_HOOKS = ['useEffect', 'useLayoutEffect', 'useInsertionEffect'];

/** Base classes of class components (`extends React.Component`). */
export const COMPONENT_BASES = ['Component', 'PureComponent'];

/** Methods that mark a class as a React component. */
export const COMPONENT_METHODS = ['componentDidMount', 'render'];

/** Methods React calls again and again (mount, update, render). */
export const LIFECYCLE_METHODS = [/componentDid\w+/, 'componentWillMount', /UNSAFE_\w+/, 'render'];

export const TEARDOWN_METHODS = ['componentWillUnmount'];
