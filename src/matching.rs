//! One-to-one matching of two annotators' spans of one label, shared by merging, three-way merging and
//! agreement so that "which span corresponds to which" means the same everywhere.
//!
//! Identical extents are always paired first. The rest are paired to maximise the total overlap (in code
//! points), each span used at most once; among matchings with the same total overlap, more pairs win. This is
//! exact, not greedy: overlapping pairs are found by a sweep over spans sorted by start (never all pairs), split
//! into clusters of spans linked by overlap, and each cluster is solved on its own: by a linear dynamic
//! programme when no two of its pairs cross (always the case when neither side overlaps itself, as the
//! guidelines ask); else by a sweep that keeps every partial matching of the spans open at once, linear when
//! few are open at a time (a chain of spans each overlapping the next); otherwise by a min-cost-flow
//! assignment, which is quadratic in the cluster.

use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, HashMap};

/// A span's extent in code points: `(start, end)`, end exclusive.
pub type Extent = (usize, usize);

/// F1 from matches and the two sides' counts; `None` when neither side has anything: how agreement scores
/// spans and links alike.
pub fn f1(matches: usize, spans_a: usize, spans_b: usize) -> Option<f64> {
    let total = spans_a + spans_b;
    (total > 0).then(|| 2.0 * matches as f64 / total as f64)
}

/// How many code points two extents share.
pub fn overlap(a: Extent, b: Extent) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

/// Which spans of two lists correspond: pairs of indices into the two lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Matching {
    /// Pairs with identical extents.
    pub exact: Vec<(usize, usize)>,
    /// Pairs whose extents overlap but differ, chosen for the largest total overlap.
    pub overlapping: Vec<(usize, usize)>,
}

impl Matching {
    /// Every pair, exact ones first.
    pub fn pairs(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.exact.iter().chain(&self.overlapping).copied()
    }

    /// How many pairs there are in all.
    pub fn len(&self) -> usize {
        self.exact.len() + self.overlapping.len()
    }

    /// Whether nothing was paired.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Matches two lists of extents (typically two annotators' spans of one label): identical extents first, then
/// the remaining overlapping ones for maximum total overlap. The lists need not be sorted. Deterministic: the
/// same lists always give the same pairs.
pub fn match_extents(a: &[Extent], b: &[Extent]) -> Matching {
    // Lists are usually sorted already (a file's spans are kept in order): then a position is its own index
    // and no index list is built (agreement matches every pair of annotators, label by label).
    let order_a = unsorted_order(a);
    let order_b = unsorted_order(b);
    let at_a = |i: usize| order_a.as_ref().map_or(i, |o| o[i]);
    let at_b = |j: usize| order_b.as_ref().map_or(j, |o| o[j]);
    let mut exact = Vec::with_capacity(a.len().min(b.len()));
    let mut rest_a = Vec::new();
    let mut rest_b = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let (x, y) = (at_a(i), at_b(j));
        match a[x].cmp(&b[y]) {
            Ordering::Equal => {
                exact.push((x, y));
                i += 1;
                j += 1;
            }
            Ordering::Less => {
                rest_a.push(x);
                i += 1;
            }
            Ordering::Greater => {
                rest_b.push(y);
                j += 1;
            }
        }
    }
    rest_a.extend((i..a.len()).map(at_a));
    rest_b.extend((j..b.len()).map(at_b));
    let overlapping = match_sorted_by_overlap(a, b, &rest_a, &rest_b);
    Matching { exact, overlapping }
}

/// The order of `extents` by (start, end, index), or `None` when they are in that order already.
fn unsorted_order(extents: &[Extent]) -> Option<Vec<usize>> {
    (!extents.is_sorted()).then(|| sorted_indices(extents))
}

/// Pairs overlapping extents of `a` and `b` (identical ones included, with no preference) for maximum total
/// overlap, then most pairs. Returns pairs of indices into `a` and `b`.
pub fn max_overlap_matching(a: &[Extent], b: &[Extent]) -> Vec<(usize, usize)> {
    match_sorted_by_overlap(a, b, &sorted_indices(a), &sorted_indices(b))
}

/// Indices of `extents` sorted by (start, end, index).
fn sorted_indices(extents: &[Extent]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..extents.len()).collect();
    if !extents.is_sorted() {
        order.sort_by_key(|&i| (extents[i], i));
    }
    order
}

/// One overlapping pair found by the sweep: positions in the sorted candidate lists and the pair's weight.
#[derive(Debug, Clone, Copy)]
struct Edge {
    a: usize,
    b: usize,
    weight: u64,
}

/// The matching proper, on candidates given as indices sorted by (start, end).
fn match_sorted_by_overlap(
    a: &[Extent],
    b: &[Extent],
    order_a: &[usize],
    order_b: &[usize],
) -> Vec<(usize, usize)> {
    let edges = overlapping_pairs(a, b, order_a, order_b);
    if edges.is_empty() {
        return Vec::new();
    }
    let starts = Starts {
        a,
        b,
        order_a,
        order_b,
    };
    // Clusters: connected components of the overlap graph (nodes: a's positions, then b's).
    let mut sets = DisjointSets::new(order_a.len() + order_b.len());
    for e in &edges {
        sets.union(e.a, order_a.len() + e.b);
    }
    let mut clusters: Vec<(usize, Edge)> = edges
        .iter()
        .map(|&e| (sets.find(e.a), e))
        .collect::<Vec<_>>();
    // Group by cluster; within a cluster keep the sweep's order made canonical: by (a, b) position.
    clusters.sort_by_key(|&(root, e)| (root, e.a, e.b));
    let mut pairs = Vec::new();
    let mut start = 0;
    while start < clusters.len() {
        let root = clusters[start].0;
        let end = start
            + clusters[start..]
                .iter()
                .take_while(|(r, _)| *r == root)
                .count();
        let cluster: Vec<Edge> = clusters[start..end].iter().map(|&(_, e)| e).collect();
        for (pa, pb) in solve_cluster(&cluster, &starts) {
            pairs.push((order_a[pa], order_b[pb]));
        }
        start = end;
    }
    pairs.sort_unstable();
    pairs
}

/// Every overlapping pair, by a sweep over both lists in start order, keeping the spans still open.
fn overlapping_pairs(
    a: &[Extent],
    b: &[Extent],
    order_a: &[usize],
    order_b: &[usize],
) -> Vec<Edge> {
    let mut edges = Vec::new();
    let mut open_a: Vec<usize> = Vec::new();
    let mut open_b: Vec<usize> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < order_a.len() || j < order_b.len() {
        let take_a =
            j >= order_b.len() || (i < order_a.len() && a[order_a[i]].0 <= b[order_b[j]].0);
        if take_a {
            let x = a[order_a[i]];
            open_b.retain(|&pb| b[order_b[pb]].1 > x.0);
            for &pb in &open_b {
                let weight = overlap(x, b[order_b[pb]]) as u64;
                edges.push(Edge {
                    a: i,
                    b: pb,
                    weight,
                });
            }
            open_a.push(i);
            i += 1;
        } else {
            let y = b[order_b[j]];
            open_a.retain(|&pa| a[order_a[pa]].1 > y.0);
            for &pa in &open_a {
                let weight = overlap(a[order_a[pa]], y) as u64;
                edges.push(Edge {
                    a: pa,
                    b: j,
                    weight,
                });
            }
            open_b.push(j);
            j += 1;
        }
    }
    edges.retain(|e| e.weight > 0);
    edges
}

/// Where the candidates start, by position in the two sorted lists: the order in which [`narrow_sweep`] meets
/// a cluster's spans.
struct Starts<'a> {
    a: &'a [Extent],
    b: &'a [Extent],
    order_a: &'a [usize],
    order_b: &'a [usize],
}

impl Starts<'_> {
    fn a(&self, position: usize) -> usize {
        self.a[self.order_a[position]].0
    }

    fn b(&self, position: usize) -> usize {
        self.b[self.order_b[position]].0
    }
}

/// The best matching of one cluster, as (position in a, position in b) pairs.
fn solve_cluster(edges: &[Edge], starts: &Starts<'_>) -> Vec<(usize, usize)> {
    if let [only] = edges {
        return vec![(only.a, only.b)];
    }
    // Weights that rank by total overlap first and number of pairs second.
    let scale = edges.len() as u64 + 1;
    let score = |e: &Edge| e.weight * scale + 1;
    // Edges arrive sorted by (a, b); when b never decreases, no two edges cross.
    if edges.windows(2).all(|w| w[0].b <= w[1].b) {
        non_crossing(edges, score)
    } else if let Some(pairs) = narrow_sweep(edges, starts, score) {
        pairs
    } else {
        min_cost_assignment(edges, score)
    }
}

/// The most partial matchings [`narrow_sweep`] keeps at one step before it leaves the cluster to
/// [`min_cost_assignment`]: 2^8, enough for eight spans open at once (a chain of spans each overlapping the
/// next has three or four).
const SWEEP_STATES: usize = 256;

/// One partial matching kept by [`narrow_sweep`] after one step: which open spans it uses, its score, the
/// partial matching of the step before that it extends and the edge it added (if any).
#[derive(Debug, Clone, Copy)]
struct SweepState {
    used: u64,
    score: u64,
    from: u32,
    edge: u32,
}

/// No edge added at this step.
const NO_EDGE: u32 = u32::MAX;

/// Maximum-weight matching of a cluster whose spans overlap only a few others at a time (a chain of spans each
/// overlapping the next, as when one annotator's spans of a label overlap each other): the spans are met in
/// order of start, and each edge is decided when its later span is met. The state is which of the spans still
/// "open" (with edges to spans not met yet) are used, so every matching is considered and the result is
/// optimal; the cost is linear in the cluster for a bounded number of open spans. `None` when more than
/// [`SWEEP_STATES`] partial matchings would have to be kept at once (then the general algorithm runs).
fn narrow_sweep(
    edges: &[Edge],
    starts: &Starts<'_>,
    score: impl Fn(&Edge) -> u64,
) -> Option<Vec<(usize, usize)>> {
    // The cluster's nodes in the sweep's order: by start, a before b on a tie, then by position. A node is
    // (start, side, position) with side 0 for a and 1 for b.
    let mut nodes: Vec<(usize, u8, usize)> = edges
        .iter()
        .flat_map(|e| [(starts.a(e.a), 0, e.a), (starts.b(e.b), 1, e.b)])
        .collect();
    nodes.sort_unstable();
    nodes.dedup();
    let n = nodes.len();
    // Each node's place in that order, found by (side, position).
    let mut by_node: Vec<(u8, usize, usize)> = nodes
        .iter()
        .enumerate()
        .map(|(r, &(_, side, position))| (side, position, r))
        .collect();
    by_node.sort_unstable();
    let rank_of = |side: u8, position: usize| -> usize {
        let i = by_node.partition_point(|&(s, p, _)| (s, p) < (side, position));
        by_node[i].2
    };
    // Each edge is decided when its later node is met; the earlier node stays open until its last edge is.
    let mut decided_at: Vec<Vec<(u32, usize)>> = vec![Vec::new(); n];
    let mut last_use: Vec<Option<usize>> = vec![None; n];
    for (id, e) in edges.iter().enumerate() {
        let (ra, rb) = (rank_of(0, e.a), rank_of(1, e.b));
        let (earlier, later) = (ra.min(rb), ra.max(rb));
        decided_at[later].push((id as u32, earlier));
        last_use[earlier] = Some(last_use[earlier].map_or(later, |l| l.max(later)));
    }
    let mut closing: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (node, last) in last_use.iter().enumerate() {
        if let Some(last) = *last {
            closing[last].push(node);
        }
    }
    // The bit of `used` each open node has; a bit is reused once its node has closed.
    let mut slot = vec![0u32; n];
    let mut free: Vec<u32> = (0..64).rev().collect();
    // steps[x]: the partial matchings kept after meeting node x, each pointing into steps[x - 1].
    let mut steps: Vec<Vec<SweepState>> = Vec::with_capacity(n);
    let start = [SweepState {
        used: 0,
        score: 0,
        from: 0,
        edge: NO_EDGE,
    }];
    let mut index: HashMap<u64, u32> = HashMap::new();
    for x in 0..n {
        let own = if last_use[x].is_some() {
            slot[x] = free.pop()?;
            1u64 << slot[x]
        } else {
            0
        };
        let closed = closing[x]
            .iter()
            .fold(0u64, |mask, &node| mask | 1 << slot[node]);
        let previous: &[SweepState] = steps.last().map_or(&start[..], Vec::as_slice);
        let mut next: Vec<SweepState> = Vec::with_capacity(previous.len() * 2);
        index.clear();
        let mut offer = |candidate: SweepState| {
            let candidate = SweepState {
                used: candidate.used & !closed,
                ..candidate
            };
            match index.get(&candidate.used) {
                Some(&i) if candidate.score > next[i as usize].score => {
                    next[i as usize] = candidate
                }
                Some(_) => {}
                None => {
                    index.insert(candidate.used, next.len() as u32);
                    next.push(candidate);
                }
            }
        };
        for (from, state) in previous.iter().enumerate() {
            let from = from as u32;
            offer(SweepState {
                from,
                edge: NO_EDGE,
                ..*state
            });
            for &(edge, earlier) in &decided_at[x] {
                let bit = 1u64 << slot[earlier];
                if state.used & bit == 0 {
                    offer(SweepState {
                        used: state.used | bit | own,
                        score: state.score + score(&edges[edge as usize]),
                        from,
                        edge,
                    });
                }
            }
        }
        if next.len() > SWEEP_STATES {
            return None;
        }
        free.extend(closing[x].iter().map(|&node| slot[node]));
        steps.push(next);
    }
    // Every node has closed by the last step, so one partial matching remains there: the best. Walk back.
    let mut at = 0;
    let mut pairs = Vec::new();
    for step in steps.iter().rev() {
        let state = step.get(at)?;
        if let Some(e) = edges.get(state.edge as usize) {
            pairs.push((e.a, e.b));
        }
        at = state.from as usize;
    }
    pairs.sort_unstable();
    Some(pairs)
}

/// Maximum-weight matching when edges sorted by (a, b) also have non-decreasing b: the edges that conflict
/// with edge q (share an endpoint) are exactly a run just before q, so it is weighted interval scheduling.
fn non_crossing(edges: &[Edge], score: impl Fn(&Edge) -> u64) -> Vec<(usize, usize)> {
    let m = edges.len();
    // first_conflict[q]: the earliest edge sharing q's a or q's b (both runs end just before q).
    let mut first_conflict = vec![0; m];
    let (mut run_a, mut run_b) = (0, 0);
    for q in 0..m {
        if q > 0 && edges[q].a != edges[q - 1].a {
            run_a = q;
        }
        if q > 0 && edges[q].b != edges[q - 1].b {
            run_b = q;
        }
        first_conflict[q] = run_a.min(run_b);
    }
    let mut best = vec![0u64; m + 1];
    let mut take = vec![false; m];
    for q in 0..m {
        let with = score(&edges[q]) + best[first_conflict[q]];
        if with > best[q] {
            best[q + 1] = with;
            take[q] = true;
        } else {
            best[q + 1] = best[q];
        }
    }
    let mut pairs = Vec::new();
    let mut q = m;
    while q > 0 {
        if take[q - 1] {
            pairs.push((edges[q - 1].a, edges[q - 1].b));
            q = first_conflict[q - 1];
        } else {
            q -= 1;
        }
    }
    pairs.reverse();
    pairs
}

/// Maximum-weight bipartite matching of an arbitrary cluster by successive shortest paths (Dijkstra with
/// potentials) on the flow network source → a → b → sink, stopping when no augmenting path gains weight.
fn min_cost_assignment(edges: &[Edge], score: impl Fn(&Edge) -> u64) -> Vec<(usize, usize)> {
    // Compact the cluster's node ids.
    let mut a_ids: Vec<usize> = edges.iter().map(|e| e.a).collect();
    let mut b_ids: Vec<usize> = edges.iter().map(|e| e.b).collect();
    a_ids.sort_unstable();
    a_ids.dedup();
    b_ids.sort_unstable();
    b_ids.dedup();
    let (na, nb) = (a_ids.len(), b_ids.len());
    let source = 0;
    let sink = na + nb + 1;
    let node_a = |a: usize| 1 + a_ids.binary_search(&a).unwrap_or(0);
    let node_b = |b: usize| 1 + na + b_ids.binary_search(&b).unwrap_or(0);
    let mut net = FlowNetwork::new(na + nb + 2);
    for i in 0..na {
        net.add_edge(source, 1 + i, 0);
    }
    let mut pair_edges = Vec::with_capacity(edges.len());
    for e in edges {
        let cost = -(i64::try_from(score(e)).unwrap_or(i64::MAX / 4));
        let id = net.add_edge(node_a(e.a), node_b(e.b), cost);
        pair_edges.push((id, e.a, e.b));
    }
    for j in 0..nb {
        net.add_edge(1 + na + j, sink, 0);
    }
    // Initial potentials: the network is a DAG, so shortest distances from the source are easy.
    let mut potential = vec![0i64; na + nb + 2];
    for &(id, _, _) in &pair_edges {
        let edge = &net.edges[id];
        let to = edge.to;
        potential[to] = potential[to].min(edge.cost);
    }
    potential[sink] = potential[1 + na..=na + nb]
        .iter()
        .copied()
        .min()
        .unwrap_or(0);
    while let Some(path_cost) = net.augment_shortest(source, sink, &mut potential) {
        if path_cost >= 0 {
            break;
        }
    }
    let mut pairs: Vec<(usize, usize)> = pair_edges
        .iter()
        .filter(|&&(id, _, _)| net.edges[id].cap == 0)
        .map(|&(_, a, b)| (a, b))
        .collect();
    pairs.sort_unstable();
    pairs
}

/// A residual network with unit capacities, enough for bipartite assignment.
struct FlowNetwork {
    edges: Vec<FlowEdge>,
    adjacency: Vec<Vec<usize>>,
}

struct FlowEdge {
    to: usize,
    cap: u8,
    cost: i64,
}

impl FlowNetwork {
    fn new(nodes: usize) -> Self {
        FlowNetwork {
            edges: Vec::new(),
            adjacency: vec![Vec::new(); nodes],
        }
    }

    /// Adds an edge of capacity one and its residual twin; returns the forward edge's id (the twin is id ^ 1).
    fn add_edge(&mut self, from: usize, to: usize, cost: i64) -> usize {
        let id = self.edges.len();
        self.edges.push(FlowEdge { to, cap: 1, cost });
        self.edges.push(FlowEdge {
            to: from,
            cap: 0,
            cost: -cost,
        });
        self.adjacency[from].push(id);
        self.adjacency[to].push(id + 1);
        id
    }

    /// Finds the cheapest source→sink path in the residual network. If its true cost is negative, pushes one
    /// unit along it. Returns the path's true cost, or `None` when the sink is unreachable.
    fn augment_shortest(
        &mut self,
        source: usize,
        sink: usize,
        potential: &mut [i64],
    ) -> Option<i64> {
        let n = self.adjacency.len();
        let mut dist = vec![i64::MAX; n];
        let mut via: Vec<Option<usize>> = vec![None; n];
        let mut heap = BinaryHeap::new();
        dist[source] = 0;
        heap.push(Reverse((0i64, source)));
        while let Some(Reverse((d, u))) = heap.pop() {
            if d > dist[u] {
                continue;
            }
            for &id in &self.adjacency[u] {
                let edge = &self.edges[id];
                if edge.cap == 0 {
                    continue;
                }
                let reduced = edge.cost + potential[u] - potential[edge.to];
                let next = d + reduced;
                if next < dist[edge.to] {
                    dist[edge.to] = next;
                    via[edge.to] = Some(id);
                    heap.push(Reverse((next, edge.to)));
                }
            }
        }
        if dist[sink] == i64::MAX {
            return None;
        }
        for v in 0..n {
            if dist[v] != i64::MAX {
                potential[v] += dist[v];
            }
        }
        let cost = potential[sink] - potential[source];
        if cost < 0 {
            let mut v = sink;
            while let Some(id) = via[v] {
                self.edges[id].cap -= 1;
                self.edges[id ^ 1].cap += 1;
                v = self.edges[id ^ 1].to;
            }
        }
        Some(cost)
    }
}

/// Union-find with path halving, for grouping spans linked by overlap.
#[derive(Debug, Clone)]
pub struct DisjointSets {
    parent: Vec<usize>,
}

impl DisjointSets {
    /// `n` singleton sets, `0..n`.
    pub fn new(n: usize) -> Self {
        DisjointSets {
            parent: (0..n).collect(),
        }
    }

    /// The representative of `x`'s set.
    pub fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    /// Joins the sets of `x` and `y` (the smaller representative wins, so results do not depend on order).
    pub fn union(&mut self, x: usize, y: usize) {
        let (rx, ry) = (self.find(x), self.find(y));
        if rx != ry {
            let (keep, child) = if rx < ry { (rx, ry) } else { (ry, rx) };
            self.parent[child] = keep;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// (total overlap, pairs) of a matching, checking it is one-to-one and only pairs overlapping extents.
    fn value(a: &[Extent], b: &[Extent], pairs: &[(usize, usize)]) -> (usize, usize) {
        let mut used_a = vec![false; a.len()];
        let mut used_b = vec![false; b.len()];
        let mut total = 0;
        for &(x, y) in pairs {
            assert!(!used_a[x] && !used_b[y], "span used twice in {pairs:?}");
            used_a[x] = true;
            used_b[y] = true;
            let o = overlap(a[x], b[y]);
            assert!(o > 0, "paired extents {:?} {:?} do not overlap", a[x], b[y]);
            total += o;
        }
        (total, pairs.len())
    }

    /// The best (total overlap, pairs) by trying every matching.
    fn brute_force(a: &[Extent], b: &[Extent], i: usize, used: &mut Vec<bool>) -> (usize, usize) {
        if i == a.len() {
            return (0, 0);
        }
        let mut best = brute_force(a, b, i + 1, used);
        for j in 0..b.len() {
            let o = overlap(a[i], b[j]);
            if !used[j] && o > 0 {
                used[j] = true;
                let (t, n) = brute_force(a, b, i + 1, used);
                used[j] = false;
                best = best.max((t + o, n + 1));
            }
        }
        best
    }

    fn extents(max: usize) -> impl Strategy<Value = Vec<Extent>> {
        prop::collection::vec((0usize..40, 1usize..12), 0..max)
            .prop_map(|v| v.into_iter().map(|(s, l)| (s, s + l)).collect())
    }

    /// Lists whose extents do not overlap each other (the usual case for one label of one annotator).
    fn disjoint_extents(max: usize) -> impl Strategy<Value = Vec<Extent>> {
        prop::collection::vec((0usize..4, 1usize..8), 0..max).prop_map(|v| {
            let mut at = 0;
            v.into_iter()
                .map(|(gap, len)| {
                    at += gap;
                    let e = (at, at + len);
                    at += len;
                    e
                })
                .collect()
        })
    }

    proptest! {
        #[test]
        fn overlap_matching_is_optimal(a in extents(7), b in extents(7)) {
            let pairs = max_overlap_matching(&a, &b);
            let got = value(&a, &b, &pairs);
            let best = brute_force(&a, &b, 0, &mut vec![false; b.len()]);
            prop_assert_eq!(got, best);
        }

        #[test]
        fn chains_of_disjoint_spans_are_optimal(a in disjoint_extents(9), b in disjoint_extents(9)) {
            let pairs = max_overlap_matching(&a, &b);
            let got = value(&a, &b, &pairs);
            let best = brute_force(&a, &b, 0, &mut vec![false; b.len()]);
            prop_assert_eq!(got, best);
        }

        #[test]
        fn identical_extents_are_paired_first(a in extents(8), b in extents(8)) {
            let m = match_extents(&a, &b);
            for &(x, y) in &m.exact {
                prop_assert_eq!(a[x], b[y]);
            }
            // No extent is left unpaired while an identical one on the other side is unpaired too.
            let paired_a: Vec<usize> = m.pairs().map(|p| p.0).collect();
            let paired_b: Vec<usize> = m.pairs().map(|p| p.1).collect();
            for (x, ea) in a.iter().enumerate() {
                if paired_a.contains(&x) { continue; }
                for (y, eb) in b.iter().enumerate() {
                    prop_assert!(ea != eb || paired_b.contains(&y));
                }
            }
            value(&a, &b, &m.pairs().collect::<Vec<_>>());
        }

        #[test]
        fn order_of_input_does_not_change_the_pairs(a in extents(8), b in extents(8)) {
            let m = match_extents(&a, &b);
            let mut ra = a.clone();
            ra.reverse();
            let mut rb = b.clone();
            rb.reverse();
            let r = match_extents(&ra, &rb);
            let mut original: Vec<(Extent, Extent)> = m.pairs().map(|(x, y)| (a[x], b[y])).collect();
            let mut reversed: Vec<(Extent, Extent)> = r.pairs().map(|(x, y)| (ra[x], rb[y])).collect();
            original.sort_unstable();
            reversed.sort_unstable();
            // Equal extents may swap places, so compare by extent, not index.
            prop_assert_eq!(original, reversed);
        }
    }

    #[test]
    fn optimal_beats_greedy() {
        // Greedy by largest overlap pairs 0..10 with 2..12 (8), leaving 4..14 with 0..6 (2): 10 in all. The
        // optimum pairs 0..10 with 0..6 (6) and 4..14 with 2..12 (8): 14.
        let a = [(0, 10), (4, 14)];
        let b = [(2, 12), (0, 6)];
        let pairs = max_overlap_matching(&a, &b);
        assert_eq!(value(&a, &b, &pairs), (14, 2));
        assert_eq!(pairs, vec![(0, 1), (1, 0)]);
    }

    #[test]
    fn crossing_cluster_uses_assignment() {
        // a0 contains everything, so its edges cross a1's.
        let a = [(0, 30), (2, 8), (12, 18)];
        let b = [(1, 9), (11, 19), (20, 29)];
        let pairs = max_overlap_matching(&a, &b);
        let best = brute_force(&a, &b, 0, &mut vec![false; 3]);
        assert_eq!(value(&a, &b, &pairs), best);
        assert_eq!(pairs.len(), 3);
    }

    /// The value of the general algorithm's matching of two lists, for comparing with the others.
    fn assignment_value(a: &[Extent], b: &[Extent]) -> (usize, usize) {
        let (order_a, order_b) = (sorted_indices(a), sorted_indices(b));
        let edges = overlapping_pairs(a, b, &order_a, &order_b);
        let scale = edges.len() as u64 + 1;
        let pairs: Vec<(usize, usize)> = min_cost_assignment(&edges, |e| e.weight * scale + 1)
            .into_iter()
            .map(|(x, y)| (order_a[x], order_b[y]))
            .collect();
        value(a, b, &pairs)
    }

    /// A chain of `n` spans, each overlapping the next, shifted by `shift` and `len` long.
    fn chain(n: usize, step: usize, shift: usize, len: usize) -> Vec<Extent> {
        (0..n)
            .map(|i| (i * step + shift, i * step + shift + len))
            .collect()
    }

    proptest! {
        #[test]
        fn larger_crossing_clusters_match_the_assignment(a in extents(30), b in extents(30)) {
            let pairs = max_overlap_matching(&a, &b);
            prop_assert_eq!(value(&a, &b, &pairs), assignment_value(&a, &b));
        }
    }

    #[test]
    fn chain_of_overlapping_spans_uses_the_sweep_and_is_optimal() {
        // Each span overlaps the next on both sides, so pairs cross and the cluster is the whole chain.
        let a = chain(1_000, 3, 0, 5);
        let b = chain(1_000, 3, 1, 5);
        let (order_a, order_b) = (sorted_indices(&a), sorted_indices(&b));
        let mut edges = overlapping_pairs(&a, &b, &order_a, &order_b);
        edges.sort_by_key(|e| (e.a, e.b));
        assert!(
            edges.windows(2).any(|w| w[0].b > w[1].b),
            "pairs must cross"
        );
        let starts = Starts {
            a: &a,
            b: &b,
            order_a: &order_a,
            order_b: &order_b,
        };
        let scale = edges.len() as u64 + 1;
        let swept =
            narrow_sweep(&edges, &starts, |e| e.weight * scale + 1).expect("few spans open");
        assert_eq!(value(&a, &b, &swept), assignment_value(&a, &b));
        assert_eq!(
            value(&a, &b, &max_overlap_matching(&a, &b)),
            (1_000 * 4, 1_000)
        );
    }

    #[test]
    fn many_spans_open_at_once_leave_the_sweep() {
        // 40 spans on each side all overlapping each other: too many partial matchings to keep.
        let a: Vec<Extent> = (0..40).map(|i| (i, 100 + i)).collect();
        let b: Vec<Extent> = (0..40).map(|i| (i, 99 + 2 * i)).collect();
        let (order_a, order_b) = (sorted_indices(&a), sorted_indices(&b));
        let mut edges = overlapping_pairs(&a, &b, &order_a, &order_b);
        edges.sort_by_key(|e| (e.a, e.b));
        let starts = Starts {
            a: &a,
            b: &b,
            order_a: &order_a,
            order_b: &order_b,
        };
        assert!(narrow_sweep(&edges, &starts, |e| e.weight).is_none());
        let pairs = max_overlap_matching(&a, &b);
        assert_eq!(value(&a, &b, &pairs), assignment_value(&a, &b));
    }

    #[test]
    fn long_chain_is_linear() {
        // 50,000 spans each overlapping two on the other side: one cluster, solved by the dynamic programme.
        let a: Vec<Extent> = (0..50_000).map(|i| (i * 10, i * 10 + 10)).collect();
        let b: Vec<Extent> = (0..50_000).map(|i| (i * 10 + 3, i * 10 + 13)).collect();
        let pairs = max_overlap_matching(&a, &b);
        assert_eq!(pairs.len(), 50_000);
        assert!(pairs.iter().all(|&(x, y)| x == y));
    }
}
