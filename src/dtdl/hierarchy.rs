//! Rules over the `extends` hierarchy, in time linear in its size: no cycles, at most 10
//! `extends` members on a path, at most 1024 Interfaces in a hierarchy (v3), at most 300
//! contents including inherited ones (v2), content names unique including inherited ones,
//! and no Component whose schema has (or inherits) a Component. A problem a base already has
//! is reported once, where it first appears, not again at every Interface that extends it.
//! Pure; no I/O.

use std::collections::{HashMap, HashSet};

use super::graph::{Elem, Graph};
use super::meta::{Class, Prop};

/// A problem found: element, JSON pointer, message.
pub(crate) type Finding = (usize, String, String);

const MAX_DEPTH: usize = 10;
const MAX_ANCESTORS: usize = 1024;
const MAX_V2_CONTENTS: usize = 300;

/// Per-Interface facts. Interfaces are numbered 0..k (`ifaces` maps back to elements), so
/// the tables are as long as the number of Interfaces, not of elements.
struct Walk<'a, 'g> {
    g: &'g Graph<'a>,
    /// element index of each Interface
    ifaces: Vec<usize>,
    /// element index -> Interface number (`NONE` for other elements)
    num: Vec<u32>,
    /// direct bases of each Interface, each once
    bases: Vec<Vec<usize>>,
    /// own contents (elements) of each Interface
    contents: Vec<Vec<usize>>,
    /// Interfaces in an order where every Interface comes after its bases
    order: Vec<usize>,
    /// in or derived from an `extends` cycle: other hierarchy rules do not apply
    broken: Vec<bool>,
    /// the hierarchy already exceeds a limit at or below this Interface
    over: Vec<bool>,
    out: Vec<Finding>,
}

const NONE: u32 = u32::MAX;

/// Runs every hierarchy rule.
pub(crate) fn check(g: &Graph) -> Vec<Finding> {
    let ifaces: Vec<usize> = (0..g.elems.len())
        .filter(|e| g.elems[*e].class == Class::Interface)
        .collect();
    let mut num = vec![NONE; g.elems.len()];
    for (i, e) in ifaces.iter().enumerate() {
        num[*e] = u32::try_from(i).unwrap_or(NONE);
    }
    let bases = ifaces
        .iter()
        .map(|e| {
            let mut bs: Vec<usize> = vec![];
            for b in g.bases(*e) {
                let n = num[b];
                if n != NONE && !bs.contains(&(n as usize)) {
                    bs.push(n as usize);
                }
            }
            bs
        })
        .collect();
    let contents = ifaces
        .iter()
        .map(|e| g.elems_of(*e, Prop::Contents))
        .collect();
    let k = ifaces.len();
    let mut w = Walk {
        g,
        ifaces,
        num,
        bases,
        contents,
        order: Vec::with_capacity(k),
        broken: vec![false; k],
        over: vec![false; k],
        out: vec![],
    };
    w.cycles();
    w.depth();
    w.ancestors();
    w.contents_count();
    w.names();
    w.components();
    w.out
}

impl Walk<'_, '_> {
    fn el(&self, i: usize) -> &Elem {
        &self.g.elems[self.ifaces[i]]
    }

    fn id(&self, i: usize) -> &str {
        &self.el(i).id
    }

    fn extends_ptr(&self, i: usize) -> String {
        format!("{}/extends", self.el(i).pointer)
    }

    fn push(&mut self, i: usize, pointer: String, message: String) {
        self.out.push((self.ifaces[i], pointer, message));
    }

    /// Tarjan's strongly connected components over `extends`, iteratively (a chain may be
    /// deeper than the stack). Components come out bases first, which gives `order`; each
    /// cycle is reported once, at its first member.
    fn cycles(&mut self) {
        const UNSEEN: usize = usize::MAX;
        let n = self.ifaces.len();
        let mut index = vec![UNSEEN; n];
        let mut low = vec![0; n];
        let mut on_stack = vec![false; n];
        let mut stack: Vec<usize> = vec![];
        let mut next = 0;
        for root in 0..n {
            if index[root] != UNSEEN {
                continue;
            }
            let mut frames: Vec<(usize, usize)> = vec![(root, 0)];
            index[root] = next;
            low[root] = next;
            next += 1;
            stack.push(root);
            on_stack[root] = true;
            while let Some(&mut (v, ref mut i)) = frames.last_mut() {
                if let Some(&w) = self.bases[v].get(*i) {
                    *i += 1;
                    if index[w] == UNSEEN {
                        index[w] = next;
                        low[w] = next;
                        next += 1;
                        stack.push(w);
                        on_stack[w] = true;
                        frames.push((w, 0));
                    } else if on_stack[w] {
                        low[v] = low[v].min(index[w]);
                    }
                    continue;
                }
                frames.pop();
                if let Some(&(u, _)) = frames.last() {
                    low[u] = low[u].min(low[v]);
                }
                if low[v] != index[v] {
                    continue;
                }
                let mut scc = vec![];
                while let Some(x) = stack.pop() {
                    on_stack[x] = false;
                    scc.push(x);
                    if x == v {
                        break;
                    }
                }
                self.component_done(scc);
            }
        }
    }

    fn component_done(&mut self, mut scc: Vec<usize>) {
        let cyclic = scc.len() > 1 || self.bases[scc[0]].contains(&scc[0]);
        if !cyclic {
            let e = scc[0];
            self.broken[e] = self.bases[e].iter().any(|b| self.broken[*b]);
            self.order.push(e);
            return;
        }
        scc.sort_unstable();
        for x in &scc {
            self.broken[*x] = true;
        }
        let first = scc[0];
        let others: Vec<&str> = scc[1..].iter().map(|x| self.id(*x)).collect();
        let msg = if others.is_empty() {
            format!(
                "{} extends itself; remove it from its own extends",
                self.id(first)
            )
        } else {
            format!(
                "{} extends itself through {}; remove the cycle",
                self.id(first),
                others.join(", ")
            )
        };
        self.push(first, self.extends_ptr(first), msg);
    }

    /// Longest `extends` path below each Interface.
    fn depth(&mut self) {
        let mut depth = vec![0usize; self.ifaces.len()];
        for k in 0..self.order.len() {
            let e = self.order[k];
            if self.broken[e] {
                continue;
            }
            let bs = &self.bases[e];
            depth[e] = bs.iter().map(|b| depth[*b] + 1).max().unwrap_or(0);
            if bs.iter().any(|b| self.over[*b]) {
                self.over[e] = true;
            } else if depth[e] > MAX_DEPTH {
                self.over[e] = true;
                let msg = format!(
                    "{} has an extends chain {} deep; the limit is {MAX_DEPTH} (Interfaces that extend it inherit the problem and are not reported again)",
                    self.id(e),
                    depth[e]
                );
                self.push(e, self.extends_ptr(e), msg);
            }
        }
    }

    /// Ancestors of `e`, at most `cap` of them (breadth first).
    fn ancestors_upto(&self, e: usize, cap: usize) -> Vec<usize> {
        let mut seen = HashSet::new();
        let mut out = vec![];
        let mut queue = std::collections::VecDeque::from(self.bases[e].clone());
        while let Some(x) = queue.pop_front() {
            if out.len() >= cap {
                break;
            }
            if seen.insert(x) {
                out.push(x);
                queue.extend(self.bases[x].iter().copied());
            }
        }
        out
    }

    /// DTDL v3: at most 1024 Interfaces in the hierarchy of an Interface. An upper bound
    /// (path counting) settles most Interfaces; only the rest are counted exactly.
    fn ancestors(&mut self) {
        let mut bound = vec![0usize; self.ifaces.len()];
        let mut too_many = vec![false; self.ifaces.len()];
        for k in 0..self.order.len() {
            let e = self.order[k];
            if self.broken[e] {
                continue;
            }
            let bs = &self.bases[e];
            if bs.iter().any(|b| too_many[*b]) {
                too_many[e] = true;
                continue;
            }
            bound[e] = bs
                .iter()
                .map(|b| bound[*b] + 1)
                .sum::<usize>()
                .min(MAX_ANCESTORS + 1);
            if bound[e] <= MAX_ANCESTORS || self.over[e] || self.el(e).version < 3 {
                continue;
            }
            let count = self.ancestors_upto(e, MAX_ANCESTORS + 1).len();
            bound[e] = count;
            if count > MAX_ANCESTORS {
                too_many[e] = true;
                self.over[e] = true;
                let msg = format!(
                    "{} has more than {MAX_ANCESTORS} Interfaces in its extends hierarchy",
                    self.id(e)
                );
                self.push(e, self.extends_ptr(e), msg);
            }
        }
    }

    /// DTDL v2: at most 300 contents including inherited ones.
    fn contents_count(&mut self) {
        let n = self.ifaces.len();
        let mut bound = vec![0usize; n];
        let mut too_many = vec![false; n];
        for k in 0..self.order.len() {
            let e = self.order[k];
            if self.broken[e] || self.el(e).version != 2 {
                continue;
            }
            let bs = &self.bases[e];
            if bs.iter().any(|b| too_many[*b]) {
                too_many[e] = true;
                continue;
            }
            let own = &self.contents[e];
            bound[e] =
                (own.len() + bs.iter().map(|b| bound[*b]).sum::<usize>()).min(MAX_V2_CONTENTS + 1);
            if bound[e] <= MAX_V2_CONTENTS || self.over[e] {
                continue;
            }
            let mut all: HashSet<usize> = own.iter().copied().collect();
            for a in self.ancestors_upto(e, usize::MAX) {
                all.extend(self.contents[a].iter().copied());
            }
            bound[e] = all.len();
            if all.len() > MAX_V2_CONTENTS {
                too_many[e] = true;
                let el = self.el(e);
                let msg = format!(
                    "{} has {} contents including inherited ones; DTDL v2 allows {MAX_V2_CONTENTS}",
                    el.id,
                    all.len()
                );
                let ptr = el.pointer.clone();
                self.push(e, ptr, msg);
            }
        }
    }

    /// Content names unique among own and inherited contents. Only names that more than one
    /// content element carries can clash; for each, the Interfaces that declare or inherit it
    /// are walked bases first, keeping up to two distinct declaring elements.
    fn names(&mut self) {
        let g = self.g;
        let n = self.ifaces.len();
        let mut declared: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
        for &e in &self.order {
            if self.broken[e] {
                continue;
            }
            for &c in &self.contents[e] {
                if let Some(name) = g.elems[c].name() {
                    declared.entry(name).or_default().push((e, c));
                }
            }
        }
        let mut derived: Vec<Vec<usize>> = vec![vec![]; n];
        let mut pos = vec![0usize; n];
        for (k, &e) in self.order.iter().enumerate() {
            pos[e] = k;
            for &b in &self.bases[e] {
                derived[b].push(e);
            }
        }
        let mut names: Vec<(&str, Vec<(usize, usize)>)> = declared
            .into_iter()
            .filter(|(_, d)| d.iter().map(|x| x.1).collect::<HashSet<_>>().len() > 1)
            .collect();
        names.sort_unstable_by_key(|(_, d)| pos[d[0].0]);
        let mut reach: HashMap<usize, Vec<usize>> = HashMap::new();
        for (name, decls) in names {
            reach.clear();
            let mut own: HashMap<usize, Vec<usize>> = HashMap::new();
            for (e, c) in &decls {
                own.entry(*e).or_default().push(*c);
            }
            let mut todo: Vec<usize> = own.keys().copied().collect();
            let mut scope: HashSet<usize> = todo.iter().copied().collect();
            while let Some(x) = todo.pop() {
                for &d in &derived[x] {
                    if !self.broken[d] && scope.insert(d) {
                        todo.push(d);
                    }
                }
            }
            let mut scope: Vec<usize> = scope.into_iter().collect();
            scope.sort_unstable_by_key(|e| pos[*e]);
            for e in scope {
                let mut r: Vec<usize> = vec![];
                let mines = own.get(&e).map(Vec::as_slice).unwrap_or(&[]);
                let mut clash_own = None;
                for &c in mines {
                    if let Some(&prev) = r.iter().find(|x| **x != c) {
                        clash_own.get_or_insert((c, prev));
                    }
                    if !r.contains(&c) && r.len() < 2 {
                        r.push(c);
                    }
                }
                let mut inherited_clash = false;
                for b in &self.bases[e] {
                    let Some(rb) = reach.get(b) else { continue };
                    inherited_clash |= rb.len() > 1;
                    for &c in rb {
                        if let Some(&mine) = mines.first().filter(|m| **m != c) {
                            clash_own.get_or_insert((mine, c));
                        }
                        if !r.contains(&c) && r.len() < 2 {
                            r.push(c);
                        }
                    }
                }
                if let Some((mine, other)) = clash_own {
                    self.name_clash(e, name, mine, other);
                } else if r.len() > 1 && !inherited_clash {
                    let (a, b) = (g.elems[r[0]].partition, g.elems[r[1]].partition);
                    let msg = format!(
                        "name '{name}' is used more than once in the contents of {} (inherited from both {} and {}); content names must be unique including inherited ones",
                        self.id(e),
                        g.elems[a].id,
                        g.elems[b].id
                    );
                    self.push(e, self.extends_ptr(e), msg);
                }
                if !r.is_empty() {
                    reach.insert(e, r);
                }
            }
        }
    }

    fn name_clash(&mut self, e: usize, name: &str, mine: usize, other: usize) {
        let g = self.g;
        let where_ = if g.elems[other].partition == self.ifaces[e] {
            "this Interface".to_string()
        } else {
            g.elems[g.elems[other].partition].id.clone()
        };
        let msg = format!(
            "name '{name}' is used more than once in the contents of {} (also in {where_}); content names must be unique including inherited ones",
            self.id(e)
        );
        self.push(e, g.elems[mine].pointer.clone(), msg);
    }

    /// No Component whose schema Interface has a Component, its own or inherited.
    fn components(&mut self) {
        let g = self.g;
        let mut first: Vec<Option<usize>> = vec![None; self.ifaces.len()];
        for k in 0..self.order.len() {
            let e = self.order[k];
            first[e] = self.contents[e]
                .iter()
                .copied()
                .find(|c| g.elems[*c].class == Class::Component)
                .or_else(|| self.bases[e].iter().find_map(|b| first[*b]));
        }
        for (k, el) in g.elems.iter().enumerate() {
            if el.class != Class::Component {
                continue;
            }
            for s in g.elems_of(k, Prop::Schema) {
                let i = self.num[s];
                let Some(inner) = first.get(i as usize).copied().flatten() else {
                    continue;
                };
                let ptr = el
                    .get(Prop::Schema)
                    .first()
                    .map(|v| v.pointer.clone())
                    .unwrap_or_default();
                let msg = format!(
                    "the schema of Component '{}' is {}, which itself contains Component '{}'; components cannot be nested",
                    el.name().unwrap_or_default(),
                    g.elems[s].id,
                    g.elems[inner].name().unwrap_or_default()
                );
                self.out.push((k, ptr, msg));
            }
        }
    }
}
