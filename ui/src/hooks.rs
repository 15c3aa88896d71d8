//! Hooks shared by the pages.

use std::rc::Rc;

use yew::prelude::*;

/// A callback that keeps its identity for the component's whole life but always runs the `f`
/// of the latest render. Yew compares callbacks by identity, so a child whose props hold only
/// such callbacks (and equal data) is skipped when its parent renders again: logging a set then
/// renders the new row, not every row of the day (P2).
#[hook]
pub fn use_stable_callback<IN, F>(f: F) -> Callback<IN>
where
    IN: 'static,
    F: Fn(IN) + 'static,
{
    let latest = use_mut_ref(|| None::<Rc<dyn Fn(IN)>>);
    *latest.borrow_mut() = Some(Rc::new(f));
    (*use_memo((), move |_| {
        Callback::from(move |input: IN| {
            // Cloned out first, so `f` may cause a render that replaces it.
            let f = latest.borrow().clone();
            if let Some(f) = f {
                f(input)
            }
        })
    }))
    .clone()
}
