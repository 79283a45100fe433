//! One label's character tagger: an averaged structured perceptron over BIOES tags (begin, inside, end, single,
//! outside), one per label so that nested labels (a Figure inside an Outcome) are learned independently. The end
//! and single tags refine BIO's inside tag: a span's last character has a tag of its own, so what typically ends
//! a span (a unit, 机制, 问题) is learned where it stands (measured in `docs/quality.md`).
//!
//! Training accepts partial knowledge. A position whose tag is known is fixed; an unknown one (the untagged text
//! of a report still in progress) may take any tag. The perceptron's target for a sequence is the best path the
//! current weights allow within what is known (constrained Viterbi), so untagged text in an unfinished report is
//! never taught as "outside": it is simply not taught. In a finished report every position is known.
//!
//! Decoding gives the best path (Viterbi); each span on it gets a confidence, its probability under the scores
//! read as a linear-chain model (forward-backward), so thresholds mean the same for every label.

use serde::{Deserialize, Serialize};

use super::features::TextFeatures;

/// Outside any span of the label.
pub(crate) const O: u8 = 0;
/// A span's first character (of two or more).
pub(crate) const B: u8 = 1;
/// A character inside a span, neither its first nor its last.
pub(crate) const I: u8 = 2;
/// A span's last character (of two or more).
pub(crate) const E: u8 = 3;
/// A span of one character.
pub(crate) const S: u8 = 4;
/// How many tags there are.
const TAGS: usize = 5;
/// Any tag: a position nothing is known about.
pub(crate) const ANY: u8 = 0b1_1111;
/// The "previous tag" row of the transition table used at a sequence's first position.
const START: usize = TAGS;
/// Transition weights: from each tag and START, to each tag.
type Transitions = [f32; (TAGS + 1) * TAGS];

/// The bit of a tag in an allowed-tags mask.
pub(crate) fn only(tag: u8) -> u8 {
    1 << tag
}

/// Whether tag `to` may follow `from`: a span continues (I, E) exactly after it began or continued (B, I).
fn may_follow(from: usize, to: usize) -> bool {
    let open = from == B as usize || from == I as usize;
    let continues = to == I as usize || to == E as usize;
    open == continues
}

/// Whether a sequence may end with `tag` (not inside an open span).
fn may_end(tag: usize) -> bool {
    tag != B as usize && tag != I as usize
}

/// The allowed tags of a known span of `len` characters, first to last.
pub(crate) fn span_tags(len: usize) -> impl Iterator<Item = u8> {
    (0..len).map(move |i| match (i, len) {
        (_, 1) => only(S),
        (0, _) => only(B),
        (i, len) if i + 1 == len => only(E),
        _ => only(I),
    })
}

/// A stretch of one text (a line) the tagger is trained on or tags: positions `start..end` of the text's
/// features, with the tags allowed at each (one mask a position).
pub(crate) struct Sequence<'a> {
    /// The text's features.
    pub features: &'a TextFeatures,
    /// First position.
    pub start: usize,
    /// The allowed tags of each position from `start`.
    pub allowed: Vec<u8>,
}

impl Sequence<'_> {
    fn len(&self) -> usize {
        self.allowed.len()
    }

    /// Whether every position's tag is known (the target path is then given, not searched).
    fn known(&self) -> Option<Vec<u8>> {
        self.allowed
            .iter()
            .map(|&m| match m {
                m if m.count_ones() == 1 => Some(m.trailing_zeros() as u8),
                _ => None,
            })
            .collect()
    }
}

/// A trained tagger: a weight per feature slot and tag, and the tag-to-tag transition weights.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "StoredTagger", into = "StoredTagger")]
pub(crate) struct Tagger {
    bits: u32,
    weights: Vec<f32>,
    transitions: Transitions,
}

/// A tagger as stored: only the weights that are not zero (most slots of a large table are never touched).
#[derive(Serialize, Deserialize)]
struct StoredTagger {
    bits: u32,
    nonzero: Vec<(u32, f32)>,
    transitions: Vec<f32>,
}

impl From<Tagger> for StoredTagger {
    fn from(t: Tagger) -> StoredTagger {
        StoredTagger {
            bits: t.bits,
            nonzero: t
                .weights
                .iter()
                .enumerate()
                .filter(|(_, w)| **w != 0.0)
                .map(|(i, w)| (i as u32, *w))
                .collect(),
            transitions: t.transitions.to_vec(),
        }
    }
}

impl From<StoredTagger> for Tagger {
    fn from(s: StoredTagger) -> Tagger {
        let bits = s.bits.min(MAX_BITS);
        let mut weights = vec![0.0; TAGS << bits];
        for (i, w) in s.nonzero {
            if let Some(slot) = weights.get_mut(i as usize) {
                *slot = w;
            }
        }
        let mut transitions = [0.0; (TAGS + 1) * TAGS];
        for (t, w) in transitions.iter_mut().zip(s.transitions) {
            *t = w;
        }
        Tagger {
            bits,
            weights,
            transitions,
        }
    }
}

/// The largest feature table a model may declare (a damaged model file cannot ask for more memory).
pub(crate) const MAX_BITS: u32 = 22;

/// Scores of the tags at each position.
type Emissions = Vec<[f32; TAGS]>;

fn emissions(weights: &[f32], seq: &Sequence) -> Emissions {
    (0..seq.len())
        .map(|k| {
            let mut e = [0.0f32; TAGS];
            for &s in seq.features.at(seq.start + k) {
                let base = s as usize * TAGS;
                if let Some(w) = weights.get(base..base + TAGS) {
                    for (e, w) in e.iter_mut().zip(w) {
                        *e += w;
                    }
                }
            }
            e
        })
        .collect()
}

/// The best path through the emissions, within each position's allowed tags and the BIOES rules.
fn viterbi(emit: &[[f32; TAGS]], transitions: &Transitions, allowed: Option<&[u8]>) -> Vec<u8> {
    let n = emit.len();
    if n == 0 {
        return Vec::new();
    }
    let mut back = vec![[0u8; TAGS]; n];
    let mut score = [f32::NEG_INFINITY; TAGS];
    let mask = |i: usize| allowed.map_or(ANY, |a| a[i]);
    for t in 0..TAGS {
        if may_follow(START, t) && mask(0) & (1 << t) != 0 {
            score[t] = transitions[START * TAGS + t] + emit[0][t];
        }
    }
    for i in 1..n {
        let mut next = [f32::NEG_INFINITY; TAGS];
        for t in 0..TAGS {
            if mask(i) & (1 << t) == 0 {
                continue;
            }
            let mut best = (f32::NEG_INFINITY, 0u8);
            for (p, &prev) in score.iter().enumerate() {
                if may_follow(p, t) {
                    let s = prev + transitions[p * TAGS + t];
                    if s > best.0 {
                        best = (s, p as u8);
                    }
                }
            }
            next[t] = best.0 + emit[i][t];
            back[i][t] = best.1;
        }
        score = next;
    }
    let mut last = None;
    for t in (0..TAGS).filter(|&t| may_end(t)) {
        if last.is_none_or(|l: usize| score[t] > score[l]) {
            last = Some(t);
        }
    }
    let mut path = vec![0u8; n];
    path[n - 1] = last.unwrap_or(0) as u8;
    for i in (1..n).rev() {
        path[i - 1] = back[i][path[i] as usize];
    }
    path
}

/// The spans of a BIOES path, as `(first, one past the last)` positions of the path.
pub(crate) fn spans_of(path: &[u8]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut open: Option<usize> = None;
    for (i, &t) in path.iter().enumerate() {
        match t {
            B => open = Some(i),
            E => {
                if let Some(s) = open.take() {
                    spans.push((s, i + 1));
                }
            }
            S => spans.push((i, i + 1)),
            I => {}
            _ => open = None,
        }
    }
    spans
}

impl Tagger {
    /// The spans this tagger finds in a sequence, with their confidence (0..1), positions relative to the
    /// sequence's start.
    #[cfg(test)]
    pub(crate) fn tag(&self, seq: &Sequence) -> Vec<(usize, usize, f32)> {
        self.decode(&emissions(&self.weights, seq))
    }

    /// The spans of the best path through these emissions, with their confidence.
    fn decode(&self, emit: &[[f32; TAGS]]) -> Vec<(usize, usize, f32)> {
        let path = viterbi(emit, &self.transitions, None);
        let spans = spans_of(&path);
        if spans.is_empty() {
            return Vec::new();
        }
        let n = emit.len();
        let t = &self.transitions;
        // Forward-backward in linear space, each position scaled to sum to one (Rabiner's scaling): a few
        // multiplications a tag instead of an exponential, and no underflow on long lines.
        let edge: [[f32; TAGS]; TAGS + 1] = std::array::from_fn(|from| {
            std::array::from_fn(|to| {
                if may_follow(from, to) {
                    t[from * TAGS + to].exp()
                } else {
                    0.0
                }
            })
        });
        let weight: Vec<[f32; TAGS]> = emit
            .iter()
            .map(|row| {
                let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
                row.map(|e| (e - max).exp())
            })
            .collect();
        let mut alpha = vec![[0.0f32; TAGS]; n];
        let mut scale = vec![1.0f32; n];
        for i in 0..n {
            for tag in 0..TAGS {
                let into = if i == 0 {
                    edge[START][tag]
                } else {
                    (0..TAGS).map(|p| alpha[i - 1][p] * edge[p][tag]).sum()
                };
                alpha[i][tag] = into * weight[i][tag];
            }
            let sum: f32 = alpha[i].iter().sum();
            if sum > 0.0 {
                scale[i] = sum;
                alpha[i].iter_mut().for_each(|a| *a /= sum);
            }
        }
        let z: f32 = (0..TAGS)
            .filter(|&tag| may_end(tag))
            .map(|tag| alpha[n - 1][tag])
            .sum();
        if z <= 0.0 || !z.is_finite() {
            return spans.into_iter().map(|(s, e)| (s, e, 0.0)).collect();
        }
        let mut beta = vec![[0.0f32; TAGS]; n];
        for (tag, b) in beta[n - 1].iter_mut().enumerate() {
            *b = if may_end(tag) { 1.0 / z } else { 0.0 };
        }
        for i in (0..n - 1).rev() {
            for tag in 0..TAGS {
                beta[i][tag] = (0..TAGS)
                    .map(|u| edge[tag][u] * weight[i + 1][u] * beta[i + 1][u])
                    .sum::<f32>()
                    / scale[i + 1];
            }
        }
        spans
            .into_iter()
            .map(|(s, e)| {
                // The span's own tags from its first character to its last, then whatever follows.
                let p = if e - s == 1 {
                    alpha[s][S as usize] * beta[s][S as usize]
                } else {
                    let mut p = alpha[s][B as usize];
                    let mut prev = B as usize;
                    for k in s + 1..e {
                        let tag = if k + 1 == e { E } else { I } as usize;
                        p *= edge[prev][tag] * weight[k][tag] / scale[k];
                        prev = tag;
                    }
                    p * beta[e - 1][E as usize]
                };
                (
                    s,
                    e,
                    if p.is_finite() {
                        p.clamp(0.0, 1.0)
                    } else {
                        0.0
                    },
                )
            })
            .collect()
    }
}

/// Every label's tagger with their weights interleaved slot by slot, for tagging: a feature's weights for all
/// labels then sit in one cache line, so a position costs one memory access a feature instead of one a feature
/// and label (the table is far larger than the caches; memory, not arithmetic, bounds the speed).
#[derive(Debug, Clone)]
pub(crate) struct Packed {
    stride: usize,
    weights: Vec<f32>,
}

impl Packed {
    /// Packs taggers trained with the same table size.
    pub(crate) fn new(taggers: &[Tagger]) -> Packed {
        let stride = (taggers.len() * TAGS).div_ceil(16) * 16;
        let slots = taggers
            .iter()
            .map(|t| t.weights.len() / TAGS)
            .max()
            .unwrap_or(0);
        let mut weights = vec![0.0f32; slots * stride];
        for (l, tagger) in taggers.iter().enumerate() {
            for (slot, w) in tagger.weights.chunks_exact(TAGS).enumerate() {
                let at = slot * stride + l * TAGS;
                weights[at..at + TAGS].copy_from_slice(w);
            }
        }
        Packed { stride, weights }
    }

    /// Each tagger's spans in a sequence, with their confidence (0..1), positions relative to the sequence's
    /// start; `taggers` are the ones packed, in the same order.
    pub(crate) fn tag(&self, taggers: &[Tagger], seq: &Sequence) -> Vec<Vec<(usize, usize, f32)>> {
        let n = seq.len();
        let labels = taggers.len();
        let mut emit = vec![vec![[0.0f32; TAGS]; n]; labels];
        let mut row = vec![0.0f32; self.stride];
        for k in 0..n {
            row.fill(0.0);
            for &s in seq.features.at(seq.start + k) {
                let base = s as usize * self.stride;
                if let Some(w) = self.weights.get(base..base + self.stride) {
                    for (r, w) in row.iter_mut().zip(w) {
                        *r += w;
                    }
                }
            }
            for (l, e) in emit.iter_mut().enumerate() {
                e[k].copy_from_slice(&row[l * TAGS..(l + 1) * TAGS]);
            }
        }
        taggers
            .iter()
            .zip(&emit)
            .map(|(t, e)| t.decode(e))
            .collect()
    }
}

/// A tagger that has learned nothing: it finds no span (every weight zero, so the path is all outside).
pub(crate) fn untrained(bits: u32) -> Tagger {
    let bits = bits.min(MAX_BITS);
    Tagger {
        bits,
        weights: vec![0.0; TAGS << bits],
        transitions: [0.0; (TAGS + 1) * TAGS],
    }
}

/// Trains a tagger: `epochs` passes over the sequences in an order shuffled by a fixed seed (the same data
/// always gives the same model). Sequences whose positions are all unknown teach nothing and are skipped.
pub(crate) fn train(sequences: &[Sequence], bits: u32, epochs: usize) -> Tagger {
    let bits = bits.min(MAX_BITS);
    let size = TAGS << bits;
    let slot_mask = (1usize << bits) - 1;
    let mut w = vec![0.0f32; size];
    // Lazy averaging: `u` sums each update times the step it was made at; the average is w - u / steps.
    let mut u = vec![0.0f32; size];
    let mut tw = [0.0f32; (TAGS + 1) * TAGS];
    let mut tu = [0.0f32; (TAGS + 1) * TAGS];
    let mut step = 1.0f32;
    let useful: Vec<usize> = (0..sequences.len())
        .filter(|&i| sequences[i].allowed.iter().any(|&m| m != ANY))
        .collect();
    let known: Vec<Option<Vec<u8>>> = sequences.iter().map(Sequence::known).collect();
    let mut order = useful;
    let mut rng = 0x2545_f491_4f6c_dd1du64;
    for _ in 0..epochs {
        // Fisher-Yates with xorshift: deterministic and dependency-free.
        for i in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(i, (rng % (i as u64 + 1)) as usize);
        }
        for &index in &order {
            let seq = &sequences[index];
            let emit = emissions(&w, seq);
            let predicted = viterbi(&emit, &tw, None);
            let target = match &known[index] {
                Some(tags) => tags.clone(),
                None => viterbi(&emit, &tw, Some(&seq.allowed)),
            };
            if predicted != target {
                let mut prev_t = START;
                let mut prev_p = START;
                for (k, (&gt, &pt)) in target.iter().zip(&predicted).enumerate() {
                    let (gt, pt) = (gt as usize, pt as usize);
                    if gt != pt {
                        for &s in seq.features.at(seq.start + k) {
                            // Features hashed for a larger table wrap around rather than write past this one.
                            let base = (s as usize & slot_mask) * TAGS;
                            w[base + gt] += 1.0;
                            u[base + gt] += step;
                            w[base + pt] -= 1.0;
                            u[base + pt] -= step;
                        }
                    }
                    if (prev_t, gt) != (prev_p, pt) {
                        tw[prev_t * TAGS + gt] += 1.0;
                        tu[prev_t * TAGS + gt] += step;
                        tw[prev_p * TAGS + pt] -= 1.0;
                        tu[prev_p * TAGS + pt] -= step;
                    }
                    prev_t = gt;
                    prev_p = pt;
                }
            }
            step += 1.0;
        }
    }
    for (wi, ui) in w.iter_mut().zip(&u) {
        *wi -= ui / step;
    }
    for (wi, ui) in tw.iter_mut().zip(&tu) {
        *wi -= ui / step;
    }
    Tagger {
        bits,
        weights: w,
        transitions: tw,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::Table;

    fn features(text: &str) -> TextFeatures {
        features_in(text, 18)
    }

    fn features_in(text: &str, bits: u32) -> TextFeatures {
        let chars: Vec<char> = text.chars().collect();
        TextFeatures::new(
            &super::super::features::TextBase::new(text, &chars, &Table::builtin()),
            bits,
            &[],
        )
    }

    /// Tags for a text where `marked` (a substring) is one span and everything else is outside.
    fn tags(text: &str, marked: &str) -> Vec<u8> {
        let chars: Vec<char> = text.chars().collect();
        let m: Vec<char> = marked.chars().collect();
        let start = (0..chars.len())
            .find(|&i| chars[i..].starts_with(&m))
            .unwrap();
        let mut tags = vec![only(O); chars.len()];
        for (t, m) in tags[start..start + m.len()]
            .iter_mut()
            .zip(span_tags(m.len()))
        {
            *t = m;
        }
        tags
    }

    #[test]
    fn learns_a_pattern_and_finds_it_in_a_new_sentence() {
        let texts = [
            ("今年全县新建了养殖合作社，效果很好", "新建了养殖合作社"),
            ("去年全乡新建了种植合作社，农民增收", "新建了种植合作社"),
            ("本村新建了扶贫车间，吸纳就业", "新建了扶贫车间"),
        ];
        let feats: Vec<TextFeatures> = texts.iter().map(|(t, _)| features(t)).collect();
        let seqs: Vec<Sequence> = texts
            .iter()
            .zip(&feats)
            .map(|((t, m), f)| Sequence {
                features: f,
                start: 0,
                allowed: tags(t, m),
            })
            .collect();
        let tagger = train(&seqs, 18, 10);
        let new = "该镇新建了光伏电站，带动脱贫";
        let f = features(new);
        let found = tagger.tag(&Sequence {
            features: &f,
            start: 0,
            allowed: vec![ANY; f.len()],
        });
        let chars: Vec<char> = new.chars().collect();
        let texts: Vec<String> = found
            .iter()
            .map(|&(s, e, _)| chars[s..e].iter().collect())
            .collect();
        assert!(texts.iter().any(|t| t.starts_with("新建了")), "{texts:?}");
        assert!(found.iter().all(|&(_, _, p)| (0.0..=1.0).contains(&p)));
    }

    #[test]
    fn unknown_positions_are_not_taught_as_outside() {
        // The same sentence, once with its span known and the rest unknown, many times with nothing known:
        // the unknown copies must not teach the tagger that the span is outside.
        let text = "新建了养殖合作社";
        let f = features(text);
        let known = Sequence {
            features: &f,
            start: 0,
            allowed: tags(text, "养殖合作社")
                .into_iter()
                .map(|m| if m == only(O) { ANY } else { m })
                .collect(),
        };
        let mut seqs = vec![known];
        for _ in 0..20 {
            seqs.push(Sequence {
                features: &f,
                start: 0,
                allowed: vec![ANY; f.len()],
            });
        }
        let tagger = train(&seqs, 18, 5);
        let found = tagger.tag(&Sequence {
            features: &f,
            start: 0,
            allowed: vec![ANY; f.len()],
        });
        assert!(found.iter().any(|&(s, e, _)| (s, e) == (3, 8)), "{found:?}");
        // Taught as outside instead (the same copies, now fully known as O), it is not found.
        let mut negatives = vec![Sequence {
            features: &f,
            start: 0,
            allowed: tags(text, "养殖合作社"),
        }];
        for _ in 0..20 {
            negatives.push(Sequence {
                features: &f,
                start: 0,
                allowed: vec![only(O); f.len()],
            });
        }
        let tagger = train(&negatives, 18, 5);
        let found = tagger.tag(&Sequence {
            features: &f,
            start: 0,
            allowed: vec![ANY; f.len()],
        });
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn viterbi_keeps_the_bioes_rules_and_spans_read_back() {
        // Emissions that favour I everywhere: the path must still open spans with B and close them with E.
        let emit = vec![[0.0, 0.0, 5.0, 0.0, 0.0]; 4];
        let path = viterbi(&emit, &[0.0; (TAGS + 1) * TAGS], None);
        assert_eq!(path, [B, I, I, E]);
        assert_eq!(spans_of(&path), [(0, 4)]);
        assert_eq!(spans_of(&[B, E, O, S, B, I, E]), [(0, 2), (3, 4), (4, 7)]);
        assert_eq!(span_tags(1).collect::<Vec<_>>(), [only(S)]);
        assert_eq!(
            span_tags(3).collect::<Vec<_>>(),
            [only(B), only(I), only(E)]
        );
    }

    #[test]
    fn stored_form_round_trips() {
        let f = features_in("新建了养殖合作社", 16);
        let seq = Sequence {
            features: &f,
            start: 0,
            allowed: tags("新建了养殖合作社", "养殖合作社"),
        };
        let tagger = train(std::slice::from_ref(&seq), 16, 3);
        let bytes = postcard::to_stdvec(&tagger).unwrap();
        assert!(
            bytes.len() < (TAGS << 16) * 4 / 10,
            "sparse: {} bytes",
            bytes.len()
        );
        let back: Tagger = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(back, tagger);
    }

    #[test]
    fn confidence_is_the_span_probability_over_every_path() {
        // Brute force over every tag path of a short sequence, read as a linear-chain model.
        let n = 4;
        let mut seed = 7u32;
        let mut next = || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            ((seed >> 16) % 100) as f32 / 25.0 - 2.0
        };
        let transitions: Transitions = std::array::from_fn(|_| next());
        let emit: Vec<[f32; TAGS]> = (0..n).map(|_| std::array::from_fn(|_| next())).collect();
        let tagger = Tagger {
            bits: 0,
            weights: Vec::new(),
            transitions,
        };
        let mut paths = vec![Vec::new()];
        for _ in 0..n {
            paths = paths
                .into_iter()
                .flat_map(|p: Vec<u8>| (0..TAGS as u8).map(move |t| [p.clone(), vec![t]].concat()))
                .collect();
        }
        let valid = |p: &[u8]| {
            may_follow(START, p[0] as usize)
                && p.windows(2)
                    .all(|w| may_follow(w[0] as usize, w[1] as usize))
                && may_end(p[n - 1] as usize)
        };
        let score = |p: &[u8]| -> f64 {
            let mut prev = START;
            let mut total = 0.0f64;
            for (i, &t) in p.iter().enumerate() {
                total += (transitions[prev * TAGS + t as usize] + emit[i][t as usize]) as f64;
                prev = t as usize;
            }
            total.exp()
        };
        let z: f64 = paths.iter().filter(|p| valid(p)).map(|p| score(p)).sum();
        let found = tagger.decode(&emit);
        assert!(!found.is_empty(), "the emissions give a span");
        for (s, e, confidence) in found {
            let with_span: f64 = paths
                .iter()
                .filter(|p| valid(p) && spans_of(p).contains(&(s, e)))
                .map(|p| score(p))
                .sum();
            let expected = with_span / z;
            assert!(
                (confidence as f64 - expected).abs() < 1e-4,
                "{s}..{e}: {confidence} vs {expected}"
            );
        }
    }
}
