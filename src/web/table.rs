//! The chart's data table, kept in the document and brought up to date in place: rows
//! are keyed by their section and row header, so an update (new figures, a new width, a
//! legend toggle) rewrites only the cells whose text changed and keeps the nodes a
//! reader (or a screen reader's cursor) is on. Made when first opened.

use super::dom::{self, attr, element, js_err, set_styles, text_child};
use crate::data::{Dataset, Lang};
use crate::model::{compare, ChartOptions};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, HtmlElement};

/// A cell and the text it shows.
struct Cell {
    td: HtmlElement,
    text: String,
    label: String,
}

struct Row {
    tr: HtmlElement,
    th: HtmlElement,
    /// The header's text and note marks as shown.
    head: (String, Vec<usize>),
    cells: Vec<Cell>,
}

struct Section {
    title: String,
    body: HtmlElement,
    /// The heading row's cell, when the section has one.
    heading: Option<HtmlElement>,
    rows: Vec<Row>,
    keys: Vec<(String, bool)>,
}

/// The table's nodes, by key.
#[derive(Default)]
pub(super) struct Table {
    table: Option<HtmlElement>,
    caption: Option<HtmlElement>,
    head_row: Option<HtmlElement>,
    head: Vec<(HtmlElement, String)>,
    sections: Vec<Section>,
    foot: Option<HtmlElement>,
}

fn set_text(el: &HtmlElement, shown: &mut String, text: &str) {
    if shown != text {
        el.set_text_content(Some(text));
        shown.clear();
        shown.push_str(text);
    }
}

impl Table {
    /// Brings the table in `table_box` up to date with `ds` and `opts`.
    pub(super) fn sync(
        &mut self,
        doc: &Document,
        table_box: &HtmlElement,
        ds: &Dataset,
        opts: &ChartOptions,
    ) -> Result<(), JsValue> {
        let ct = compare::build(ds, opts);
        let t = match &self.table {
            Some(t) => t.clone(),
            None => {
                table_box.set_text_content(None);
                let t = element(doc, "table", "kc-table")?;
                let caption = text_child(doc, &t, "caption", "", "")?;
                caption.set_id(&format!("{}-caption", table_box.id()));
                let head = element(doc, "thead", "")?;
                let tr = element(doc, "tr", "")?;
                head.append_child(&tr).map_err(js_err("appendChild"))?;
                t.append_child(&head).map_err(js_err("appendChild"))?;
                if !dom::shared_styles(table_box) {
                    set_styles(&t, &[("border-collapse", "collapse"), ("width", "100%")])?;
                }
                table_box.append_child(&t).map_err(js_err("appendChild"))?;
                self.caption = Some(caption);
                self.head_row = Some(tr);
                self.table = Some(t.clone());
                t
            }
        };
        if let Some(c) = &self.caption {
            c.set_text_content(Some(&crate::render::export::caption(ds, opts)));
        }
        self.sync_head(doc, &ct.head)?;
        self.sync_sections(doc, &t, &ct)?;
        self.sync_foot(doc, &t, ds, opts, &ct)
    }

    fn sync_head(&mut self, doc: &Document, head: &[String]) -> Result<(), JsValue> {
        let Some(tr) = &self.head_row else {
            return Ok(());
        };
        for (th, _) in self.head.drain(head.len().min(self.head.len())..) {
            th.remove();
        }
        for (i, h) in head.iter().enumerate() {
            if i >= self.head.len() {
                let th = text_child(doc, tr, "th", "", h)?;
                attr(&th, "scope", "col")?;
                self.head.push((th, h.clone()));
            } else if let Some((th, shown)) = self.head.get_mut(i) {
                set_text(th, shown, h);
            }
        }
        Ok(())
    }

    fn sync_sections(
        &mut self,
        doc: &Document,
        t: &HtmlElement,
        ct: &compare::CompareTable,
    ) -> Result<(), JsValue> {
        let cols = ct.head.len().max(1).to_string();
        let titled = ct.sections.len() > 1;
        let mut old: Vec<Option<Section>> = self.sections.drain(..).map(Some).collect();
        let mut next = Vec::with_capacity(ct.sections.len());
        for sec in &ct.sections {
            let mut s = match take(&mut old, 0, |s| s.title == sec.title) {
                Some(s) => s,
                None => Section {
                    title: sec.title.clone(),
                    body: element(doc, "tbody", "")?,
                    heading: None,
                    rows: Vec::new(),
                    keys: Vec::new(),
                },
            };
            let wants_heading = titled && !sec.title.is_empty();
            match (&s.heading, wants_heading) {
                (None, true) => {
                    let tr = element(doc, "tr", "kc-section")?;
                    let th = text_child(doc, &tr, "th", "", &sec.title)?;
                    attr(&th, "scope", "colgroup")?;
                    s.body
                        .insert_before(&tr, s.body.first_child().as_ref())
                        .map_err(js_err("insertBefore"))?;
                    s.heading = Some(th);
                }
                (Some(th), false) => {
                    if let Some(tr) = th.parent_element() {
                        tr.remove();
                    }
                    s.heading = None;
                }
                _ => {}
            }
            if let Some(th) = &s.heading {
                attr(th, "colspan", &cols)?;
            }
            sync_rows(doc, &mut s, sec, &ct.head)?;
            next.push(s);
        }
        for s in old.into_iter().flatten() {
            s.body.remove();
        }
        // The bodies in order (the foot is added after them): moved only when the order
        // changed.
        let shown = t.query_selector_all(":scope > tbody").ok();
        let in_order = shown.is_some_and(|l| {
            l.length() as usize == next.len()
                && next.iter().enumerate().all(|(i, s)| {
                    l.item(i as u32).as_ref() == Some(s.body.unchecked_ref::<web_sys::Node>())
                })
        });
        if !in_order {
            for s in &next {
                t.append_child(&s.body).map_err(js_err("appendChild"))?;
            }
        }
        self.sections = next;
        Ok(())
    }

    fn sync_foot(
        &mut self,
        doc: &Document,
        t: &HtmlElement,
        ds: &Dataset,
        opts: &ChartOptions,
        ct: &compare::CompareTable,
    ) -> Result<(), JsValue> {
        // Sources and notes: a few lines, made again (a `details` keeps no reader's place
        // worth keeping beyond its open state, which is kept).
        let open: Vec<bool> = self
            .foot
            .as_ref()
            .and_then(|f| f.query_selector_all("details").ok())
            .map(|l| {
                (0..l.length())
                    .filter_map(|i| l.item(i))
                    .map(|d| d.unchecked_ref::<web_sys::Element>().has_attribute("open"))
                    .collect()
            })
            .unwrap_or_default();
        if let Some(f) = self.foot.take() {
            f.remove();
        }
        let cols = ct.head.len().max(1).to_string();
        let lines = crate::model::annotate::table_lines(ds, opts);
        if ct.notes.is_empty() && lines.is_empty() {
            return Ok(());
        }
        let foot = element(doc, "tfoot", "")?;
        let mut lists: Vec<(&str, String, &[String])> = Vec::new();
        if !ct.notes.is_empty() {
            let label = match opts.lang {
                Lang::Vi => format!("Nguồn, trích dẫn và ghi chú ({})", ct.notes.len()),
                Lang::En => format!("Sources, quotes and notes ({})", ct.notes.len()),
            };
            lists.push(("ol", label, &ct.notes));
        }
        if !lines.is_empty() {
            let label = format!(
                "{} ({})",
                crate::model::annotate::heading(opts.lang),
                lines.len()
            );
            lists.push(("ul", label, &lines));
        }
        for (k, (tag, label, items)) in lists.into_iter().enumerate() {
            let class = if tag == "ul" { "kc-annotations" } else { "" };
            let tr = element(doc, "tr", class)?;
            let td = element(doc, "td", "")?;
            attr(&td, "colspan", &cols)?;
            // One press away: the table itself stays short on a phone.
            let details = element(doc, "details", "kc-notes-box")?;
            if open.get(k).copied().unwrap_or(false) {
                attr(&details, "open", "")?;
            }
            text_child(doc, &details, "summary", "", &label)?;
            let list = element(doc, tag, "kc-notes")?;
            for n in items {
                text_child(doc, &list, "li", "", n)?;
            }
            details.append_child(&list).map_err(js_err("appendChild"))?;
            td.append_child(&details).map_err(js_err("appendChild"))?;
            tr.append_child(&td).map_err(js_err("appendChild"))?;
            foot.append_child(&tr).map_err(js_err("appendChild"))?;
        }
        t.append_child(&foot).map_err(js_err("appendChild"))?;
        self.foot = Some(foot);
        Ok(())
    }
}

/// A section's rows, keyed by (row header, sub-row): kept rows rewrite only changed
/// cells; rows are moved only when the order changed.
fn sync_rows(
    doc: &Document,
    s: &mut Section,
    sec: &compare::Section,
    head: &[String],
) -> Result<(), JsValue> {
    let keys: Vec<(String, bool)> = sec.rows.iter().map(|r| (r.label.clone(), r.sub)).collect();
    let same_order = keys == s.keys;
    let mut old: Vec<Option<((String, bool), Row)>> =
        s.keys.drain(..).zip(s.rows.drain(..)).map(Some).collect();
    let mut rows = Vec::with_capacity(sec.rows.len());
    // Rows mostly keep their order: each search starts after the last row found.
    let mut cursor = 0;
    for (row, key) in sec.rows.iter().zip(&keys) {
        let found = take_at(&mut old, cursor, |(k, _)| k == key);
        let mut r = match found {
            Some((at, (_, r))) => {
                cursor = at + 1;
                r
            }
            None => {
                let tr = element(doc, "tr", if row.sub { "kc-sub" } else { "" })?;
                let th = element(doc, "th", "")?;
                attr(&th, "scope", "row")?;
                tr.append_child(&th).map_err(js_err("appendChild"))?;
                Row {
                    tr,
                    th,
                    head: (String::new(), Vec::new()),
                    cells: Vec::new(),
                }
            }
        };
        if r.head.0 != row.label || r.head.1 != row.marks {
            r.th.set_text_content(Some(&row.label));
            if !row.marks.is_empty() {
                let marks: Vec<String> = row.marks.iter().map(|m| m.to_string()).collect();
                text_child(
                    doc,
                    &r.th,
                    "sup",
                    "kc-mark",
                    &format!(" {}", marks.join(", ")),
                )?;
            }
            r.head = (row.label.clone(), row.marks.clone());
        }
        for c in r.cells.drain(row.cells.len().min(r.cells.len())..) {
            c.td.remove();
        }
        for (i, text) in row.cells.iter().enumerate() {
            // A narrow chart stacks the cells and shows their column's name.
            let label = head.get(i + 1).map(String::as_str).unwrap_or("");
            if i >= r.cells.len() {
                let td = text_child(doc, &r.tr, "td", "", text)?;
                attr(&td, "data-label", label)?;
                r.cells.push(Cell {
                    td,
                    text: text.clone(),
                    label: label.to_string(),
                });
            } else if let Some(c) = r.cells.get_mut(i) {
                set_text(&c.td, &mut c.text, text);
                if c.label != label {
                    attr(&c.td, "data-label", label)?;
                    c.label = label.to_string();
                }
            }
        }
        rows.push(r);
    }
    for (_, r) in old.into_iter().flatten() {
        r.tr.remove();
    }
    if !same_order {
        for r in &rows {
            s.body.append_child(&r.tr).map_err(js_err("appendChild"))?;
        }
    }
    s.rows = rows;
    s.keys = keys;
    Ok(())
}

/// Takes the first item from `from` on (then from the start) that `is` accepts.
fn take<T>(items: &mut [Option<T>], from: usize, is: impl Fn(&T) -> bool) -> Option<T> {
    take_at(items, from, is).map(|(_, t)| t)
}

/// [`take`], with the item's position.
fn take_at<T>(items: &mut [Option<T>], from: usize, is: impl Fn(&T) -> bool) -> Option<(usize, T)> {
    let n = items.len();
    (0..n)
        .map(|k| (from + k) % n.max(1))
        .find(|&i| items.get(i).and_then(Option::as_ref).is_some_and(&is))
        .and_then(|i| items.get_mut(i).and_then(Option::take).map(|t| (i, t)))
}
