// SPDX-License-Identifier: MIT
// The admin API query of what the search page shows: ``q`` and the facets'
// ``f=facet:value`` parameters of the page's address.
export function currentQuery(search = window.location.search) {
  const params = new URLSearchParams(search);
  const query = {};
  const q = params.get("q");
  if (q) query.q = q;
  params.getAll("f").forEach((filter) => {
    const at = filter.indexOf(":");
    if (at > 0) {
      const facet = filter.slice(0, at);
      query[facet] = [...(query[facet] || []), filter.slice(at + 1)];
    }
  });
  return query;
}
