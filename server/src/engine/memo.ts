/**
 * A function of a text, remembered per text asked about (up to `limit` of them, then forgotten all at once): for
 * answers a large run asks for again and again about a small vocabulary (fact paths, variable and flag names).
 * The answer is shared between callers: never mutate it.
 */
export function memoByText<T>(compute: (text: string) => T, limit = 4096): (text: string) => T {
  const known = new Map<string, T>();
  return (text) => {
    let value = known.get(text);
    if (value === undefined) {
      if (known.size >= limit) known.clear();
      known.set(text, (value = compute(text)));
    }
    return value;
  };
}
