"""One-to-one matching algorithms used by the scorer (standard library only).

* :func:`align_quotes` aligns predicted with gold quotes of one article, one-to-one,
  maximising the total content token overlap; ties are broken by the smaller total
  start distance, then by the canonical order (see :func:`align_quotes`). The result is
  unique, so it never depends on the order in which quotes are given.
* :func:`max_matching` is a maximum-cardinality bipartite matching (cue, target and
  target-entity matching: each predicted span matches at most one gold span and vice
  versa).

Both work on connected components: the overlap graph of a news article falls apart
into many tiny components (mostly one gold and one predicted quote), so an exact
assignment per component is fast even for thousands of articles.
"""

from __future__ import annotations

from collections import Counter
from typing import Callable, Sequence

#: An aligned pair: ``(gold index, predicted index, token overlap)``.
Pair = tuple[int, int, int]


def _components(n_left: int, edges: dict[tuple[int, int], int]) -> list[tuple[list[int], list[int]]]:
    """Connected components of a bipartite graph as ``(sorted left nodes, sorted right nodes)``."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        root = x
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    for g, p in edges:
        a, b = find(g), find(n_left + p)
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups: dict[int, tuple[list[int], list[int]]] = {}
    for node in sorted(parent):
        left, right = groups.setdefault(find(node), ([], []))
        if node < n_left:
            left.append(node)
        else:
            right.append(node - n_left)
    return list(groups.values())


def hungarian(weights: Sequence[Sequence[int]]) -> list[tuple[int, int]]:
    """Maximum-weight assignment of a rectangular integer matrix (Kuhn-Munkres, O(n^2 m)).

    Returns the ``(row, column)`` pairs of an assignment that maximises the summed
    weight, leaving out pairs of weight <= 0 (a zero weight means "not allowed").
    Integers are exact, so huge lexicographic weights are safe.
    """
    n = len(weights)
    m = len(weights[0]) if n else 0
    if n == 0 or m == 0:
        return []
    if n > m:
        return [(r, c) for c, r in hungarian([list(col) for col in zip(*weights)])]
    cost = [[-w if w > 0 else 0 for w in row] for row in weights]
    inf = (max(abs(c) for row in cost for c in row) + 1) * (n + m + 2) * 4
    u, v = [0] * (n + 1), [0] * (m + 1)
    owner, way = [0] * (m + 1), [0] * (m + 1)
    for i in range(1, n + 1):
        owner[0] = i
        j0 = 0
        minv = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = owner[j0], inf, 0
            row = cost[i0 - 1]
            for j in range(1, m + 1):
                if not used[j]:
                    cur = row[j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(m + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if owner[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            owner[j0] = owner[j1]
            j0 = j1
    return sorted((owner[j] - 1, j - 1) for j in range(1, m + 1) if owner[j] and weights[owner[j] - 1][j - 1] > 0)


def lexicographic_weights(overlap: list[list[int]], dist: list[list[int]]) -> list[list[int]]:
    """Fold (overlap, -distance, canonical rank) into one integer weight per pair.

    For an ``n x m`` component with rows and columns in canonical order, pair ``(i, j)``
    has rank ``r = i * m + j`` and weight ``overlap * M1 - dist * M2 + 2 ** (n*m - 1 - r)``
    (0 where ``overlap == 0``). With ``M2 = 2 ** (n*m)`` and ``M1`` larger than any
    possible total of the lower terms, maximising the summed weight maximises the total
    overlap, then minimises the total distance, then prefers the assignment containing
    the earliest-ranked pair on which two candidates differ. Distinct assignments have
    distinct weights, so the optimum is unique.
    """
    n, m = len(overlap), len(overlap[0])
    m2 = 1 << (n * m)
    dmax = max((dist[i][j] for i in range(n) for j in range(m) if overlap[i][j] > 0), default=0)
    m1 = (min(n, m) * dmax + 2) * m2
    return [
        [overlap[i][j] * m1 - dist[i][j] * m2 + (1 << (n * m - 1 - (i * m + j))) if overlap[i][j] > 0 else 0
         for j in range(m)]
        for i in range(n)
    ]


def align_quotes(
    gold_tokens: Sequence[frozenset[int]],
    pred_tokens: Sequence[frozenset[int]],
    gold_starts: Sequence[int],
    pred_starts: Sequence[int],
    pred_key: Callable[[int], str],
) -> list[Pair]:
    """Align predicted to gold quotes one-to-one; return ``(gold, pred, overlap)`` triples.

    ``gold_tokens[g]`` / ``pred_tokens[p]`` are content token sets; only pairs sharing
    at least one token can be aligned. The chosen assignment maximises, in order:
    the total token overlap; minus the total ``|gold start - pred start|`` distance
    (first content character); the canonical order, gold quotes being given in their
    canonical order (by first start, then id) and predicted quotes ranked within each
    component by ``pred_key`` (their canonical JSON), preferring the assignment that
    contains the earliest-ranked pair on which two candidates differ
    (see :func:`lexicographic_weights`). Sorted by gold index.
    """
    owner: dict[int, int] = {}  # token -> first gold quote containing it
    extra: dict[int, list[int]] = {}  # token -> further gold quotes containing it (nesting)
    for g, toks in enumerate(gold_tokens):
        if owner.keys().isdisjoint(toks):
            owner.update(dict.fromkeys(toks, g))
            continue
        for t in toks:
            if t in owner:
                extra.setdefault(t, []).append(g)
            else:
                owner[t] = g
    edges: dict[tuple[int, int], int] = {}
    for p, toks in enumerate(pred_tokens):
        shared = owner.keys() & toks
        if not shared:
            continue
        counts = Counter(map(owner.__getitem__, shared))
        for t in extra.keys() & shared if extra else ():
            counts.update(extra[t])
        for g, c in counts.items():
            edges[(g, p)] = c
    pairs: list[Pair] = []
    for golds, preds in _components(len(gold_tokens), edges):
        if len(golds) == 1 and len(preds) == 1:
            g, p = golds[0], preds[0]
            pairs.append((g, p, edges[(g, p)]))
            continue
        if len(preds) > 1:
            preds = sorted(preds, key=lambda p: (pred_key(p), p))
        overlap = [[edges.get((g, p), 0) for p in preds] for g in golds]
        dist = [[abs(gold_starts[g] - pred_starts[p]) for p in preds] for g in golds]
        for i, j in hungarian(lexicographic_weights(overlap, dist)):
            pairs.append((golds[i], preds[j], overlap[i][j]))
    return sorted(pairs)


def max_matching(adjacency: Sequence[Sequence[int]]) -> int:
    """Size of a maximum bipartite matching; ``adjacency[i]`` lists the right nodes of left node ``i``.

    Greedy start, then augmenting paths found by iterative depth-first search (Kuhn).
    """
    match_right: dict[int, int] = {}
    size = 0
    for left, nbrs in enumerate(adjacency):
        for r in nbrs:
            if r not in match_right:
                match_right[r] = left
                size += 1
                break
        else:
            if nbrs and _augment(left, adjacency, match_right):
                size += 1
    return size


def _augment(root: int, adjacency: Sequence[Sequence[int]], match_right: dict[int, int]) -> bool:
    """Try to extend the matching along an alternating path starting at left node ``root``."""
    seen: set[int] = set()
    stack: list[tuple[int, int]] = [(root, 0)]  # (left node, next neighbour position)
    via: list[int] = []  # right node taken from each stack frame
    while stack:
        left, pos = stack[-1]
        nbrs = adjacency[left]
        while pos < len(nbrs) and nbrs[pos] in seen:
            pos += 1
        if pos == len(nbrs):
            stack.pop()
            if via:
                via.pop()
            continue
        r = nbrs[pos]
        stack[-1] = (left, pos + 1)
        seen.add(r)
        via.append(r)
        if r not in match_right:
            for (lft, _), right in zip(stack, via):
                match_right[right] = lft
            return True
        stack.append((match_right[r], 0))
    return False
