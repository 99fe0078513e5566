//! The team panel of the top bar: the person, send, merge, conflict notices.

use super::{TeamState, load_person, request, save_person};
use crate::team::{Conflict, Person, TeamRole};
use crate::ui::state::AppState;
use js_sys::{Array, Object, Uint8Array};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

fn run(
    state: AppState,
    team: TeamState,
    op: &'static str,
    msg: Object,
    done: impl FnOnce(&wasm_bindgen::JsValue) -> String + 'static,
) {
    team.busy.set(true);
    team.status.set(Some("Working…".into()));
    spawn_local(async move {
        let r = request(state, team, op, msg).await;
        team.busy.set(false);
        team.status.set(Some(match r {
            Ok(reply) => done(&reply),
            Err(e) => format!("Nothing was changed: {e}"),
        }));
    });
}

fn send(state: AppState, team: TeamState, everything: bool) {
    let msg = Object::new();
    super::put(&msg, "everything", everything);
    run(state, team, "send", msg, move |reply| {
        let Some(bytes) = super::field(reply, "file").dyn_ref::<Uint8Array>().cloned() else {
            return "The change file could not be written".into();
        };
        let label = state
            .with_cycle_untracked(|c| c.label.to_string())
            .unwrap_or_default();
        let who = team
            .person
            .get_untracked()
            .map(|p| p.name)
            .unwrap_or_default();
        let safe: String = who.chars().filter(|c| c.is_alphanumeric()).collect();
        let name = format!(
            "sop-{label}-{safe}-{}.sopchanges",
            js_sys::Date::now() as u64
        );
        match crate::ui::download_bytes(&name, "application/octet-stream", &bytes) {
            Ok(()) => format!(
                "Saved {name} ({} bytes): send it to your colleagues.",
                bytes.length()
            ),
            Err(e) => format!("The change file could not be saved: {e}"),
        }
    });
}

fn merge(state: AppState, team: TeamState, files: Vec<web_sys::File>) {
    if files.is_empty() {
        return;
    }
    team.busy.set(true);
    spawn_local(async move {
        let list = Array::new();
        for f in &files {
            match JsFuture::from(f.array_buffer()).await {
                Ok(buf) => {
                    list.push(&Uint8Array::new(&buf));
                }
                Err(_) => {
                    team.busy.set(false);
                    team.status.set(Some(format!(
                        "Nothing was changed: {} could not be read",
                        f.name()
                    )));
                    return;
                }
            }
        }
        let msg = Object::new();
        super::put(&msg, "files", list);
        let names: Vec<String> = files.iter().map(|f| f.name()).collect();
        let names = names.join(", ");
        run(state, team, "merge", msg, move |reply| {
            let text = super::field(reply, "report")
                .as_string()
                .unwrap_or_default();
            let r: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
            let n = r["new_changes"].as_u64().unwrap_or(0);
            let from: Vec<&str> = r["from"]
                .as_array()
                .map(|a| a.iter().filter_map(|x| x.as_str()).collect())
                .unwrap_or_default();
            match (n, from.is_empty()) {
                (0, _) => format!("Merged {names}: nothing new (these changes were already here)."),
                (n, false) => format!("Merged {n} change(s) from {} ({names}).", from.join(", ")),
                (n, true) => format!("Joined the shared cycle ({n} change(s), {names})."),
            }
        });
    });
}

fn keep(state: AppState, team: TeamState, k: &Conflict, actor: String) {
    let msg = Object::new();
    super::put(
        &msg,
        "path",
        serde_json::to_string(&k.path).unwrap_or_default(),
    );
    super::put(&msg, "actor", actor);
    let place = k.place.clone();
    run(state, team, "keep", msg, move |_| {
        format!("Kept the chosen value of {place}; send your changes so the others get it.")
    });
}

#[component]
fn PersonForm(team: TeamState) -> impl IntoView {
    let name = RwSignal::new(
        team.person
            .get_untracked()
            .map(|p| p.name)
            .unwrap_or_default(),
    );
    let role = RwSignal::new(
        team.person
            .get_untracked()
            .map_or("Sales", |p| p.role.label())
            .to_string(),
    );
    let error = RwSignal::new(None::<String>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let r = TeamRole::from_label(&role.get_untracked()).unwrap_or(TeamRole::Sales);
        match Person::new(&name.get_untracked(), r) {
            Ok(p) => {
                save_person(&p);
                team.person.set(Some(p));
                error.set(None);
            }
            Err(e) => error.set(Some(e)),
        }
    };
    view! {
        <form class="team-person" on:submit=save>
            <p>"Who are you? Your name and role go with every change you share."</p>
            <label>"Name " <input id="team-name" maxlength="60" prop:value=name on:input=move |ev| name.set(event_target_value(&ev)) /></label>
            <label>"Role "
                <select id="team-role" prop:value=role on:change=move |ev| role.set(event_target_value(&ev))>
                    {TeamRole::ALL.into_iter().map(|r| view! { <option value=r.label()>{r.label()}</option> }).collect_view()}
                </select>
            </label>
            <button id="team-save-person" type="submit">"Save"</button>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </form>
    }
}

/// The conflict notices: the other person, both values, keep mine / keep theirs.
#[component]
fn Conflicts(team: TeamState) -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <Show when=move || !team.conflicts.with(Vec::is_empty)>
            <div class="banner warn team-conflicts" id="team-conflicts" role="alert">
                {move || team.conflicts.get().into_iter().map(|k| {
                    let others: Vec<String> = k.sides.iter().filter(|s| !s.mine).map(|s| format!("{}: {}", s.person, s.value)).collect();
                    let mine = k.sides.iter().find(|s| s.mine).map(|s| s.value.clone());
                    let text = match &mine {
                        Some(v) => format!("Conflict in {}: you set {v}; {} (shown: {}).", k.place, others.join("; "), k.sides[0].value),
                        None => format!("Conflict in {}: {} (shown: {}).", k.place, others.join("; "), k.sides[0].value),
                    };
                    let buttons = k.sides.iter().map(|s| {
                        let (label, class) = if s.mine { ("Keep mine".to_string(), "keep-mine") } else { (format!("Keep theirs ({})", s.person), "keep-theirs") };
                        let (kk, actor) = (k.clone(), s.actor.clone());
                        view! { <button class=class disabled=move || team.busy.get() on:click=move |_| keep(state, team, &kk, actor.clone())>{label}</button> }
                    }).collect_view();
                    view! { <p class="conflict"><span>{text}</span>" "{buttons}</p> }
                }).collect_view()}
            </div>
        </Show>
        <Show when=move || !team.rejected.with(Vec::is_empty)>
            <div class="banner warn team-rejected" role="status">
                "The cycle was approved; these edits were made against it and are not applied (kept in the shared history): "
                {move || team.rejected.get().into_iter().map(|c| format!("{} — {}", c.by, c.what)).collect::<Vec<_>>().join("; ")}
            </div>
        </Show>
    }
}

/// The top bar's team menu.
#[component]
pub fn TeamPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let team = TeamState {
        person: RwSignal::new(load_person()),
        conflicts: RwSignal::new(Vec::new()),
        rejected: RwSignal::new(Vec::new()),
        status: RwSignal::new(None),
        busy: RwSignal::new(false),
        live: RwSignal::new(super::live::LiveStatus::default()),
    };
    super::live::run(state, team);
    let open = RwSignal::new(false);
    let editing = RwSignal::new(false);
    let on_files = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let files: Vec<web_sys::File> = input
            .files()
            .map(|l| (0..l.length()).filter_map(|i| l.get(i)).collect())
            .unwrap_or_default();
        input.set_value("");
        merge(state, team, files);
    };
    view! {
        <div class="team-menu">
            <span id="team-person" class="team-person-label">{move || team.person.get().map(|p| p.label())}</span>
            <Show when=move || team.live.with(|l| l.on)>
                <span id="live-status" class="live-status" role="status" data-state=move || team.live.with(|l| l.state.clone())
                    data-waiting=move || team.live.with(|l| l.waiting.to_string())>
                    {move || team.live.with(super::live::LiveStatus::words)}
                </span>
            </Show>
            <button id="team-button" class="menu-button" aria-haspopup="true" aria-expanded=move || open.get().to_string() on:click=move |_| open.update(|o| *o = !*o)>
                "Team ▾"
            </button>
            <Show when=move || open.get()>
                <div class="menu team-panel">
                    <Show when=move || team.person.with(Option::is_none) || editing.get() fallback=move || view! {
                        <p>{move || team.person.get().map(|p| format!("You are {}.", p.label()))} " "
                            <button class="link" on:click=move |_| editing.set(true)>"Change"</button></p>
                        <button id="team-send" disabled=move || team.busy.get() on:click=move |_| send(state, team, false)>"Send my changes"</button>
                        <button id="team-send-all" disabled=move || team.busy.get() on:click=move |_| send(state, team, true)>"Send everything (the whole cycle)"</button>
                        <label class="file">"Merge changes…"
                            <input type="file" id="team-merge" multiple accept=".sopchanges" disabled=move || team.busy.get() on:change=on_files />
                        </label>
                        <label class="live-toggle">
                            <input type="checkbox" id="team-live" prop:checked=move || team.live.with(|l| l.on) disabled=move || team.busy.get()
                                on:change=move |ev| super::live::switch(state, team, event_target_checked(&ev)) />
                            " Live sync for this workspace (through the sync server of this site, /sync)"
                        </label>
                        <Show when=move || team.live.with(|l| !l.error.is_empty())>
                            <p class="error" role="alert" id="live-error">{move || team.live.with(|l| l.error.clone())}</p>
                        </Show>
                    }>
                        <PersonForm team />
                        <Show when=move || editing.get()><button class="link" on:click=move |_| editing.set(false)>"Done"</button></Show>
                    </Show>
                </div>
            </Show>
            <p id="team-status" class="team-status" role="status">{move || team.status.get()}</p>
            <Conflicts team />
        </div>
    }
}
