//! ACLED's event taxonomy: the six event types, their sub-types, and the disorder type each
//! belongs to. Spelled exactly as ACLED spells them so the output joins ACLED data.

/// Battles.
pub const BATTLES: &str = "Battles";
/// Explosions/Remote violence.
pub const REMOTE: &str = "Explosions/Remote violence";
/// Violence against civilians.
pub const VAC: &str = "Violence against civilians";
/// Protests.
pub const PROTESTS: &str = "Protests";
/// Riots.
pub const RIOTS: &str = "Riots";
/// Strategic developments.
pub const STRATEGIC: &str = "Strategic developments";

/// Battles / Armed clash.
pub const ARMED_CLASH: &str = "Armed clash";
/// Battles / Government regains territory.
pub const GOVERNMENT_REGAINS: &str = "Government regains territory";
/// Battles / Non-state actor overtakes territory.
pub const NON_STATE_OVERTAKES: &str = "Non-state actor overtakes territory";
/// Explosions / Air/drone strike.
pub const AIR_STRIKE: &str = "Air/drone strike";
/// Explosions / Shelling/artillery/missile attack.
pub const SHELLING: &str = "Shelling/artillery/missile attack";
/// Explosions / Chemical weapon.
pub const CHEMICAL_WEAPON: &str = "Chemical weapon";
/// Explosions / Suicide bomb.
pub const SUICIDE_BOMB: &str = "Suicide bomb";
/// Explosions / Remote explosive/landmine/IED.
pub const REMOTE_EXPLOSIVE: &str = "Remote explosive/landmine/IED";
/// Violence against civilians / Attack.
pub const ATTACK: &str = "Attack";
/// Violence against civilians / Abduction/forced disappearance.
pub const ABDUCTION: &str = "Abduction/forced disappearance";
/// Protests / Peaceful protest.
pub const PEACEFUL_PROTEST: &str = "Peaceful protest";
/// Protests / Protest with intervention (dispersal, arrests at the protest).
pub const PROTEST_WITH_INTERVENTION: &str = "Protest with intervention";
/// Protests / Excessive force against protesters (gunfire on a protest).
pub const EXCESSIVE_FORCE: &str = "Excessive force against protesters";
/// Strategic developments / Arrests.
pub const ARRESTS: &str = "Arrests";
/// Strategic developments / Non-violent transfer of territory.
pub const NON_VIOLENT_TRANSFER: &str = "Non-violent transfer of territory";

/// Strategic developments / Other: what fits no other sub-type (curfews, sieges, roads cut).
pub const OTHER: &str = "Other";

/// Every (event type, sub-event type) pair ACLED defines.
pub const SUB_EVENT_TYPES: &[(&str, &str)] = &[
    (BATTLES, ARMED_CLASH),
    (BATTLES, GOVERNMENT_REGAINS),
    (BATTLES, NON_STATE_OVERTAKES),
    (REMOTE, "Chemical weapon"),
    (REMOTE, AIR_STRIKE),
    (REMOTE, "Suicide bomb"),
    (REMOTE, SHELLING),
    (REMOTE, REMOTE_EXPLOSIVE),
    (REMOTE, "Grenade"),
    (VAC, "Sexual violence"),
    (VAC, ATTACK),
    (VAC, ABDUCTION),
    (PROTESTS, PEACEFUL_PROTEST),
    (PROTESTS, PROTEST_WITH_INTERVENTION),
    (PROTESTS, EXCESSIVE_FORCE),
    (RIOTS, "Violent demonstration"),
    (RIOTS, "Mob violence"),
    (STRATEGIC, "Agreement"),
    (STRATEGIC, ARRESTS),
    (STRATEGIC, "Change to group/activity"),
    (STRATEGIC, "Disrupted weapons use"),
    (STRATEGIC, "Headquarters or base established"),
    (STRATEGIC, "Looting/property destruction"),
    (STRATEGIC, NON_VIOLENT_TRANSFER),
    (STRATEGIC, OTHER),
];

/// The event type a sub-event type belongs to, with ACLED's static spelling.
pub fn event_type_of(sub_event_type: &str) -> Option<(&'static str, &'static str)> {
    SUB_EVENT_TYPES.iter().copied().find(|(_, s)| *s == sub_event_type)
}

/// ACLED's disorder type for an event type (and, for strategic developments, the sub-type).
pub fn disorder_type(event_type: &str, sub_event_type: &str) -> &'static str {
    match event_type {
        PROTESTS | RIOTS => "Demonstrations",
        STRATEGIC => {
            // ACLED counts looting and arrests among strategic developments, not violence.
            let _ = sub_event_type;
            "Strategic developments"
        }
        _ => "Political violence",
    }
}

/// ACLED interaction code from two inter codes: the smaller digit first (10 + 1 = 11, 13, ...);
/// a single actor gives its code times ten (10, 20, ...).
pub fn interaction(inter1: Option<u8>, inter2: Option<u8>) -> Option<u32> {
    match (inter1, inter2) {
        (Some(a), Some(b)) => {
            let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
            Some(u32::from(lo) * 10 + u32::from(hi))
        }
        (Some(a), None) | (None, Some(a)) => Some(u32::from(a) * 10),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sub_type_has_one_type() {
        assert_eq!(event_type_of(ARMED_CLASH), Some((BATTLES, ARMED_CLASH)));
        assert_eq!(event_type_of(ARRESTS), Some((STRATEGIC, ARRESTS)));
        assert_eq!(event_type_of("Shelling"), None);
    }

    #[test]
    fn disorder_types() {
        assert_eq!(disorder_type(PROTESTS, PEACEFUL_PROTEST), "Demonstrations");
        assert_eq!(disorder_type(BATTLES, ARMED_CLASH), "Political violence");
        assert_eq!(disorder_type(STRATEGIC, ARRESTS), "Strategic developments");
    }

    #[test]
    fn interaction_codes() {
        assert_eq!(interaction(Some(3), Some(1)), Some(13));
        assert_eq!(interaction(Some(2), Some(2)), Some(22));
        assert_eq!(interaction(Some(6), None), Some(60));
    }
}
