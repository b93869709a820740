//! Rails (ActiveSupport) time-zone names, as Resource Guru accepts and returns them, mapped to
//! IANA zones (docs/vendors/resource-guru.md §9).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The 144 zone names of Resource Guru's timezone list with the IANA id Rails maps each to
/// (`ActiveSupport::TimeZone::MAPPING`; docs/vendors/resource-guru.md §9). The offsets in the vendor's docs are stale
/// labels and are not kept: compute offsets from the IANA zone.
pub const RAILS_ZONES: &[(&str, &str)] = &[
    ("American Samoa", "Pacific/Pago_Pago"),
    ("International Date Line West", "Pacific/Midway"),
    ("Midway Island", "Pacific/Midway"),
    ("Hawaii", "Pacific/Honolulu"),
    ("Alaska", "America/Juneau"),
    ("Pacific Time (US & Canada)", "America/Los_Angeles"),
    ("Tijuana", "America/Tijuana"),
    ("Arizona", "America/Phoenix"),
    ("Chihuahua", "America/Chihuahua"),
    ("Mazatlan", "America/Mazatlan"),
    ("Mountain Time (US & Canada)", "America/Denver"),
    ("Central America", "America/Guatemala"),
    ("Central Time (US & Canada)", "America/Chicago"),
    ("Guadalajara", "America/Mexico_City"),
    ("Mexico City", "America/Mexico_City"),
    ("Monterrey", "America/Monterrey"),
    ("Saskatchewan", "America/Regina"),
    ("Bogota", "America/Bogota"),
    ("Eastern Time (US & Canada)", "America/New_York"),
    ("Indiana (East)", "America/Indiana/Indianapolis"),
    ("Lima", "America/Lima"),
    ("Quito", "America/Lima"),
    ("Caracas", "America/Caracas"),
    ("Atlantic Time (Canada)", "America/Halifax"),
    ("Georgetown", "America/Guyana"),
    ("La Paz", "America/La_Paz"),
    ("Santiago", "America/Santiago"),
    ("Newfoundland", "America/St_Johns"),
    ("Brasilia", "America/Sao_Paulo"),
    ("Buenos Aires", "America/Argentina/Buenos_Aires"),
    ("Greenland", "America/Godthab"),
    ("Mid-Atlantic", "Atlantic/South_Georgia"),
    ("Azores", "Atlantic/Azores"),
    ("Cape Verde Is.", "Atlantic/Cape_Verde"),
    ("Casablanca", "Africa/Casablanca"),
    ("Dublin", "Europe/Dublin"),
    ("Edinburgh", "Europe/London"),
    ("Lisbon", "Europe/Lisbon"),
    ("London", "Europe/London"),
    ("Monrovia", "Africa/Monrovia"),
    ("UTC", "Etc/UTC"),
    ("Amsterdam", "Europe/Amsterdam"),
    ("Belgrade", "Europe/Belgrade"),
    ("Berlin", "Europe/Berlin"),
    ("Bern", "Europe/Zurich"),
    ("Bratislava", "Europe/Bratislava"),
    ("Brussels", "Europe/Brussels"),
    ("Budapest", "Europe/Budapest"),
    ("Copenhagen", "Europe/Copenhagen"),
    ("Ljubljana", "Europe/Ljubljana"),
    ("Madrid", "Europe/Madrid"),
    ("Paris", "Europe/Paris"),
    ("Prague", "Europe/Prague"),
    ("Rome", "Europe/Rome"),
    ("Sarajevo", "Europe/Sarajevo"),
    ("Skopje", "Europe/Skopje"),
    ("Stockholm", "Europe/Stockholm"),
    ("Vienna", "Europe/Vienna"),
    ("Warsaw", "Europe/Warsaw"),
    ("West Central Africa", "Africa/Algiers"),
    ("Zagreb", "Europe/Zagreb"),
    ("Athens", "Europe/Athens"),
    ("Bucharest", "Europe/Bucharest"),
    ("Cairo", "Africa/Cairo"),
    ("Harare", "Africa/Harare"),
    ("Helsinki", "Europe/Helsinki"),
    ("Istanbul", "Europe/Istanbul"),
    ("Jerusalem", "Asia/Jerusalem"),
    ("Kyiv", "Europe/Kiev"),
    ("Pretoria", "Africa/Johannesburg"),
    ("Riga", "Europe/Riga"),
    ("Sofia", "Europe/Sofia"),
    ("Tallinn", "Europe/Tallinn"),
    ("Vilnius", "Europe/Vilnius"),
    ("Baghdad", "Asia/Baghdad"),
    ("Kuwait", "Asia/Kuwait"),
    ("Minsk", "Europe/Minsk"),
    ("Nairobi", "Africa/Nairobi"),
    ("Riyadh", "Asia/Riyadh"),
    ("Tehran", "Asia/Tehran"),
    ("Abu Dhabi", "Asia/Muscat"),
    ("Baku", "Asia/Baku"),
    ("Moscow", "Europe/Moscow"),
    ("Muscat", "Asia/Muscat"),
    ("St. Petersburg", "Europe/Moscow"),
    ("Tbilisi", "Asia/Tbilisi"),
    ("Volgograd", "Europe/Volgograd"),
    ("Yerevan", "Asia/Yerevan"),
    ("Kabul", "Asia/Kabul"),
    ("Islamabad", "Asia/Karachi"),
    ("Karachi", "Asia/Karachi"),
    ("Tashkent", "Asia/Tashkent"),
    ("Chennai", "Asia/Kolkata"),
    ("Kolkata", "Asia/Kolkata"),
    ("Mumbai", "Asia/Kolkata"),
    ("New Delhi", "Asia/Kolkata"),
    ("Sri Jayawardenepura", "Asia/Colombo"),
    ("Kathmandu", "Asia/Kathmandu"),
    ("Almaty", "Asia/Almaty"),
    ("Astana", "Asia/Dhaka"),
    ("Dhaka", "Asia/Dhaka"),
    ("Ekaterinburg", "Asia/Yekaterinburg"),
    ("Rangoon", "Asia/Rangoon"),
    ("Bangkok", "Asia/Bangkok"),
    ("Hanoi", "Asia/Bangkok"),
    ("Jakarta", "Asia/Jakarta"),
    ("Novosibirsk", "Asia/Novosibirsk"),
    ("Beijing", "Asia/Shanghai"),
    ("Chongqing", "Asia/Chongqing"),
    ("Hong Kong", "Asia/Hong_Kong"),
    ("Krasnoyarsk", "Asia/Krasnoyarsk"),
    ("Kuala Lumpur", "Asia/Kuala_Lumpur"),
    ("Perth", "Australia/Perth"),
    ("Singapore", "Asia/Singapore"),
    ("Taipei", "Asia/Taipei"),
    ("Ulaan Bataar", "Asia/Ulaanbaatar"),
    ("Urumqi", "Asia/Urumqi"),
    ("Irkutsk", "Asia/Irkutsk"),
    ("Osaka", "Asia/Tokyo"),
    ("Sapporo", "Asia/Tokyo"),
    ("Seoul", "Asia/Seoul"),
    ("Tokyo", "Asia/Tokyo"),
    ("Adelaide", "Australia/Adelaide"),
    ("Darwin", "Australia/Darwin"),
    ("Brisbane", "Australia/Brisbane"),
    ("Canberra", "Australia/Melbourne"),
    ("Guam", "Pacific/Guam"),
    ("Hobart", "Australia/Hobart"),
    ("Melbourne", "Australia/Melbourne"),
    ("Port Moresby", "Pacific/Port_Moresby"),
    ("Sydney", "Australia/Sydney"),
    ("Yakutsk", "Asia/Yakutsk"),
    ("New Caledonia", "Pacific/Noumea"),
    ("Vladivostok", "Asia/Vladivostok"),
    ("Auckland", "Pacific/Auckland"),
    ("Fiji", "Pacific/Fiji"),
    ("Kamchatka", "Asia/Kamchatka"),
    ("Magadan", "Asia/Magadan"),
    ("Marshall Is.", "Pacific/Majuro"),
    ("Solomon Is.", "Pacific/Guadalcanal"),
    ("Wellington", "Pacific/Auckland"),
    ("Nuku'alofa", "Pacific/Tongatapu"),
    ("Samoa", "Pacific/Apia"),
    ("Tokelau Is.", "Pacific/Fakaofo"),
];

/// A Rails time-zone name such as `"London"` or `"Pacific Time (US & Canada)"`, kept exactly as
/// sent (docs/vendors/resource-guru.md §9). [`RailsZone::iana`] maps it to an IANA id.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct RailsZone(pub String);

impl RailsZone {
    /// Wraps a Rails zone name.
    pub fn new(name: impl Into<String>) -> Self {
        RailsZone(name.into())
    }

    /// The name as Resource Guru spells it.
    pub fn name(&self) -> &str {
        &self.0
    }

    /// The IANA id Rails maps this name to; `None` for a name outside the table (an IANA id
    /// given directly is returned as is when it contains a `/`).
    pub fn iana(&self) -> Option<&str> {
        iana_for(&self.0).or_else(|| self.0.contains('/').then_some(self.0.as_str()))
    }

    /// The jiff time zone of this name (`None` when unknown to the table or to the system's
    /// time-zone database).
    pub fn time_zone(&self) -> Option<jiff::tz::TimeZone> {
        jiff::tz::TimeZone::get(self.iana()?).ok()
    }
}

impl std::fmt::Display for RailsZone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for RailsZone {
    fn from(s: &str) -> Self {
        RailsZone(s.to_owned())
    }
}

impl From<String> for RailsZone {
    fn from(s: String) -> Self {
        RailsZone(s)
    }
}

/// The IANA id for a Rails zone name of [`RAILS_ZONES`] (exact, case-sensitive match).
pub fn iana_for(rails_name: &str) -> Option<&'static str> {
    RAILS_ZONES
        .iter()
        .find(|(name, _)| *name == rails_name)
        .map(|(_, iana)| *iana)
}

/// The first Rails name of [`RAILS_ZONES`] that maps to `iana` (the mapping is many-to-one).
pub fn rails_name_for(iana: &str) -> Option<&'static str> {
    RAILS_ZONES
        .iter()
        .find(|(_, id)| *id == iana)
        .map(|(name, _)| *name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_has_all_144_names_once() {
        assert_eq!(RAILS_ZONES.len(), 144);
        let mut names: Vec<&str> = RAILS_ZONES.iter().map(|(n, _)| *n).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), 144);
    }

    #[test]
    fn every_rails_name_maps_to_a_zone_jiff_knows() {
        let unknown: Vec<&str> = RAILS_ZONES
            .iter()
            .filter(|(_, iana)| jiff::tz::TimeZone::get(iana).is_err())
            .map(|(name, _)| *name)
            .collect();
        assert!(unknown.is_empty(), "unknown to jiff: {unknown:?}");
        for (name, _) in RAILS_ZONES {
            assert!(RailsZone::new(*name).time_zone().is_some(), "{name}");
        }
    }

    #[test]
    fn lookups() {
        assert_eq!(
            RailsZone::new("Pacific Time (US & Canada)").iana(),
            Some("America/Los_Angeles")
        );
        assert_eq!(iana_for("Edinburgh"), Some("Europe/London"));
        assert_eq!(iana_for("london"), None);
        assert_eq!(rails_name_for("Europe/Lisbon"), Some("Lisbon"));
        assert_eq!(
            RailsZone::new("Europe/Zurich").iana(),
            Some("Europe/Zurich")
        );
        assert_eq!(RailsZone::new("Atlantis").time_zone(), None);
    }
}
