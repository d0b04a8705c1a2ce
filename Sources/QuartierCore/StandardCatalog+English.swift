/// The standard catalog in English, for pages under `?lang=en`: indicator names, definitions,
/// topics, units, sources, the usual level names and the variable labels. A text a town changed
/// is not in the catalog and stays as the town wrote it.
extension StandardCatalog {
    public static let english: [String: String] = {
        var e: [String: String] = [
            // Topics
            "Bevölkerungsstruktur": "Population structure", "Migration": "Migration", "Demografie der Kinder": "Children and young people",
            "Soziale Lage": "Social situation", "Arbeit": "Work", "Bildung und Betreuung": "Education and childcare",
            // Units
            "Personen": "persons", "je 100": "per 100", "Pp.": "pp", "Haushalte": "households", "Bedarfsgemeinschaften": "benefit households",
            "Plätze": "places",
            // Sources
            register: "Residents' register, reference date 31 December",
            ba: "Federal Employment Agency (BA), small-area labour market data",
            youthOffice: "Youth office / day-care administration", socialOffice: "Social welfare office (SGB XII)",
            // Level names
            "Gesamtstadt": "Whole town", "Stadt": "Town", "Stadtteil": "District", "Sozialraum": "Social area", "Planungsraum": "Planning area",
            "Bezirk": "Borough", "Bezirksregion": "Borough region", "Prognoseraum": "Forecast area", "Quartier": "Neighbourhood",
            "Statistischer Bezirk": "Statistical district", "Ortsteil": "Locality", "Stadtbezirk": "City district",
        ]
        let indicators: [(String, String, String)] = [
            ("Einwohnerinnen und Einwohner", "Residents", "Persons whose main residence is in the area on the reference date."),
            ("Anteil Kinder und Jugendliche (unter 18)", "Share of children and young people (under 18)", "Residents under 18 per 100 residents."),
            ("Anteil Kinder unter 6 Jahren", "Share of children under 6", "Residents under 6 per 100 residents."),
            ("Anteil 65 Jahre und älter", "Share aged 65 and over", "Residents aged 65 and over per 100 residents."),
            ("Anteil Hochaltrige (80 und älter)", "Share of the very old (80 and over)", "Residents aged 80 and over per 100 residents."),
            ("Jugendquotient", "Youth dependency ratio", "Residents under 18 per 100 residents aged 18 to 64."),
            ("Altenquotient", "Old-age dependency ratio", "Residents aged 65 and over per 100 residents aged 18 to 64."),
            ("Anteil ohne deutsche Staatsangehörigkeit", "Share without German citizenship", "Residents without German citizenship per 100 residents."),
            ("Frauenanteil", "Share of women", "Female residents per 100 residents."),
            ("SGB-II-Quote", "Basic income support rate (SGB II)", "Persons in SGB II benefit households per 100 residents under 65."),
            ("Kinderarmut (SGB II unter 15)", "Child poverty (SGB II, under 15)", "Children under 15 in SGB II benefit households per 100 residents under 15."),
            ("Altersarmut (Grundsicherung 65+)", "Old-age poverty (basic income in old age, 65+)", "Recipients of basic income support in old age per 100 residents aged 65 and over."),
            ("Anteil Alleinerziehender", "Share of single parents", "Single-parent households per 100 households with children under 18."),
            ("Personen je Bedarfsgemeinschaft", "Persons per benefit household", "Persons in SGB II benefit households per benefit household."),
            ("Arbeitslosenanteil", "Unemployment share", "Unemployed persons (SGB II and III) per 100 residents aged 15 to 64 (not the official unemployment rate)."),
            ("Jugendarbeitslosenanteil", "Youth unemployment share", "Unemployed persons under 25 per 100 residents aged 15 to 24."),
            ("Langzeitarbeitslosenanteil", "Long-term unemployment share", "Long-term unemployed persons per 100 residents aged 15 to 64."),
            ("Beschäftigungsquote (SvB am Wohnort)", "Employment rate (employees subject to social insurance, place of residence)",
             "Employees subject to social insurance living in the area per 100 residents aged 15 to 64."),
            ("Kita-Plätze je 100 Kinder unter 6", "Day-care places per 100 children under 6", "Approved day-care places in the area per 100 children under 6 living there."),
            ("Betreuungsquote 3 bis 5 Jahre", "Childcare rate, ages 3 to 5", "Children aged 3 to 5 in day care (by place of residence) per 100 children of that age."),
            ("Anteil Kinder unter 3 Jahren", "Share of children under 3", "Residents aged 0 to 2 per 100 residents."),
            ("Anteil Kinder 6 bis 9 Jahre", "Share of children aged 6 to 9", "Residents aged 6 to 9 (primary school age) per 100 residents."),
            ("Anteil Kinder 10 bis 14 Jahre", "Share of children aged 10 to 14", "Residents aged 10 to 14 per 100 residents."),
            ("Anteil Jugendliche 15 bis 17 Jahre", "Share of young people aged 15 to 17", "Residents aged 15 to 17 per 100 residents."),
            ("Anteil junge Erwachsene 18 bis 24 Jahre", "Share of young adults aged 18 to 24", "Residents aged 18 to 24 per 100 residents."),
            ("Bevölkerungsentwicklung in 5 Jahren", "Population change over 5 years", "Residents on the reference date minus residents five years earlier."),
            ("Veränderung der Kinderarmut in 2 Jahren", "Change in child poverty over 2 years",
             "Child poverty on the reference date minus child poverty two years earlier, in percentage points (a dynamics indicator of the Berlin monitoring)."),
            ("Veränderung der SGB-II-Quote in 2 Jahren", "Change in the SGB II rate over 2 years",
             "SGB II rate on the reference date minus the SGB II rate two years earlier, in percentage points."),
            ("Veränderung des Arbeitslosenanteils in 2 Jahren", "Change in the unemployment share over 2 years",
             "Unemployment share on the reference date minus the unemployment share two years earlier, in percentage points."),
        ]
        for (name, en, _) in indicators { e[name] = en }
        // Definitions by indicator: the German definition of the catalog maps to its English one.
        for i in StandardCatalog.indicators {
            if let row = indicators.first(where: { $0.0 == i.name }) { e[i.definition] = row.2 }
        }
        let variables: [String: String] = [
            "ew_gesamt": "Residents (main residence)", "ew_weiblich": "Female residents", "ew_auslaendisch": "Residents without German citizenship",
            "hh_mit_kindern": "Households with children under 18", "hh_alleinerziehend": "Single-parent households", "hh_gesamt": "Households",
            "hh_einpersonen": "Single-person households", "ew_wohndauer_5": "Residents at their address for at least 5 years",
            "sgb2_personen": "Persons in SGB II benefit households", "sgb2_u15": "Children under 15 in SGB II benefit households",
            "sgb2_bg": "SGB II benefit households", "alo_gesamt": "Unemployed (SGB II and SGB III)", "alo_u25": "Unemployed under 25",
            "alo_langzeit": "Long-term unemployed (1 year and more)", "svb_wohnort": "Employees subject to social insurance (place of residence)",
            "grusi_65": "Recipients of basic income support in old age (65+)", "kita_plaetze": "Approved day-care places (children up to school entry)",
            "kita_betreut_3_5": "Children aged 3 to 5 in day care (place of residence)",
        ]
        for v in StandardCatalog.variables {
            if let en = variables[v.key] { e[v.label] = en; continue }
            // Age bands: "Einwohner 0 bis 2 Jahre", "Einwohnerinnen 80 Jahre und älter".
            let women = v.label.hasPrefix("Einwohnerinnen")
            let band = v.label.replacingOccurrences(of: women ? "Einwohnerinnen " : "Einwohner ", with: "")
                .replacingOccurrences(of: " bis ", with: " to ").replacingOccurrences(of: " Jahre und älter", with: " and over").replacingOccurrences(of: " Jahre", with: "")
            e[v.label] = (women ? "Female residents aged " : "Residents aged ") + band
        }
        return e
    }()

    /// The English of a catalog text, or the text itself.
    public static func english(_ german: String) -> String { english[german] ?? german }

    /// An indicator with the catalog's English name, definition, topic, unit and source where it
    /// has the catalog's German ones.
    public static func english(_ i: Indicator) -> Indicator {
        var out = i
        out.name = english(i.name); out.definition = english(i.definition); out.topic = english(i.topic)
        out.unit = english(i.unit); out.source = english(i.source)
        return out
    }

    public static func english(_ level: AreaLevel) -> AreaLevel {
        var out = level
        out.name = english(level.name)
        return out
    }
}
