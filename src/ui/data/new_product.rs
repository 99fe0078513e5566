//! "New product": a SKU added with its launch in one command (undoable), made like its
//! like item (see [`crate::engine::command::add_product`]). Its baseline is the like
//! item's curve × factor from the launch month, shown at once in the demand review.

use crate::engine::command::{NewProduct, add_product};
use crate::engine::month::Month;
use crate::ui::format::{parse_amount, parse_number};
use crate::ui::state::AppState;
use leptos::prelude::*;

/// The form, collapsed until opened.
#[component]
pub fn NewProductForm() -> impl IntoView {
    let state = expect_context::<AppState>();
    let field = || RwSignal::new(String::new());
    let (sku, name, family, price, cost, launch, like, factor) = (
        field(),
        field(),
        field(),
        field(),
        field(),
        field(),
        field(),
        field(),
    );
    let message = RwSignal::new(None::<String>);
    let families = move || {
        state
            .with_cycle(|c| {
                c.master
                    .families
                    .iter()
                    .map(|f| (f.id.clone(), f.name.clone()))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    let add = move || -> Result<String, String> {
        let amount = |s: RwSignal<String>, what: &str| {
            parse_amount(&s.get_untracked()).map_err(|e| format!("{what}: {e}"))
        };
        let text = |s: RwSignal<String>| s.get_untracked().trim().to_string();
        let launch = match text(launch) {
            t if t.is_empty() => None,
            t => Some(
                t.parse::<Month>()
                    .map_err(|e| format!("launch month: {e}"))?,
            ),
        };
        let like_factor = match text(factor) {
            t if t.is_empty() => None,
            t => Some(parse_number(&t).map_err(|e| format!("like factor: {e}"))?),
        };
        let family = match text(family) {
            f if f.is_empty() => families().first().map(|f| f.0.clone()).unwrap_or_default(),
            f => f,
        };
        let form = NewProduct {
            sku: text(sku),
            name: text(name),
            family,
            price: amount(price, "price")?,
            unit_cost: amount(cost, "unit cost")?,
            launch,
            like_item: text(like),
            like_factor,
        };
        let added = form.sku.clone();
        let cmd = state
            .with_cycle_untracked(|c| add_product(c, form))
            .ok_or("no cycle is open")?
            .map_err(|e| e.to_string())?;
        state.apply(cmd).map_err(|e| e.to_string())?;
        Ok(added)
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match add() {
            Ok(added) => {
                message.set(Some(format!(
                    "{added} added: see its baseline in the demand review."
                )));
                for s in [sku, name, price, cost, launch, like, factor] {
                    s.set(String::new());
                }
            }
            Err(e) => message.set(Some(format!("{e}. Nothing was added."))),
        }
    };
    let input = move |id: &'static str,
                      label: &'static str,
                      s: RwSignal<String>,
                      hint: &'static str| {
        view! {
            <label for=id>{label}</label>
            <input id=id type="text" placeholder=hint prop:value=move || s.get() on:input=move |ev| s.set(event_target_value(&ev)) />
        }
    };
    view! {
        <details class="panel new-product" id="new-product">
            <summary>"New product"</summary>
            <form on:submit=submit>
                <div class="new-product-fields">
                    {input("new-sku", "SKU", sku, "EB-CITY-900")}
                    {input("new-name", "Name", name, "E-City 900")}
                    <label for="new-family">"Family"</label>
                    <select id="new-family" on:change=move |ev| family.set(event_target_value(&ev))>
                        {move || families().into_iter().map(|(id, n)| view! { <option value=id.clone()>{format!("{n} ({id})")}</option> }).collect_view()}
                    </select>
                    {input("new-price", "Price", price, "2990")}
                    {input("new-cost", "Unit cost", cost, "2100")}
                    {input("new-launch", "Launch month", launch, "2027-03")}
                    {input("new-like", "Like item", like, "EB-CITY-500")}
                    {input("new-factor", "Like factor", factor, "0.8")}
                </div>
                <p class="hint">"Made like its like item (routing, BOM, lead time, service level); its baseline is the like item's sales curve × the factor from the launch month."</p>
                <button type="submit" class="primary" disabled=move || state.frozen()>"Add product"</button>
                <p class="problem" role="status">{move || message.get()}</p>
            </form>
        </details>
    }
}
