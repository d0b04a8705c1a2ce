/// Quartier's standard vocabulary: the variables a town collects first and the indicators built
/// on them (after the KECK key indicators and the official definitions in docs/indicators.md).
/// A town may import other variables and define its own indicators beside these.
public enum StandardCatalog {
    static let register = "Einwohnermelderegister, Stichtag 31.12."
    static let ba = "Bundesagentur für Arbeit, Arbeitsmarktdaten in kleinräumiger Gliederung"
    static let youthOffice = "Jugendamt / Kita-Verwaltung"
    static let socialOffice = "Sozialamt (SGB XII)"

    public static let variables: [Variable] = [
        Variable(key: "ew_gesamt", label: "Einwohnerinnen und Einwohner (Hauptwohnsitz)", unit: "Personen", source: register),
        Variable(key: "ew_0_2", label: "Einwohner 0 bis 2 Jahre", unit: "Personen", source: register),
        Variable(key: "ew_3_5", label: "Einwohner 3 bis 5 Jahre", unit: "Personen", source: register),
        Variable(key: "ew_6_9", label: "Einwohner 6 bis 9 Jahre", unit: "Personen", source: register),
        Variable(key: "ew_10_14", label: "Einwohner 10 bis 14 Jahre", unit: "Personen", source: register),
        Variable(key: "ew_15_17", label: "Einwohner 15 bis 17 Jahre", unit: "Personen", source: register),
        Variable(key: "ew_18_24", label: "Einwohner 18 bis 24 Jahre", unit: "Personen", source: register),
        Variable(key: "ew_25_64", label: "Einwohner 25 bis 64 Jahre", unit: "Personen", source: register),
        Variable(key: "ew_65_79", label: "Einwohner 65 bis 79 Jahre", unit: "Personen", source: register),
        Variable(key: "ew_80_plus", label: "Einwohner 80 Jahre und älter", unit: "Personen", source: register),
        Variable(key: "ew_weiblich", label: "Einwohnerinnen (weiblich)", unit: "Personen", source: register),
        Variable(key: "ew_0_2_w", label: "Einwohnerinnen 0 bis 2 Jahre", unit: "Personen", source: register),
        Variable(key: "ew_3_5_w", label: "Einwohnerinnen 3 bis 5 Jahre", unit: "Personen", source: register),
        Variable(key: "ew_6_9_w", label: "Einwohnerinnen 6 bis 9 Jahre", unit: "Personen", source: register),
        Variable(key: "ew_10_14_w", label: "Einwohnerinnen 10 bis 14 Jahre", unit: "Personen", source: register),
        Variable(key: "ew_15_17_w", label: "Einwohnerinnen 15 bis 17 Jahre", unit: "Personen", source: register),
        Variable(key: "ew_18_24_w", label: "Einwohnerinnen 18 bis 24 Jahre", unit: "Personen", source: register),
        Variable(key: "ew_25_64_w", label: "Einwohnerinnen 25 bis 64 Jahre", unit: "Personen", source: register),
        Variable(key: "ew_65_79_w", label: "Einwohnerinnen 65 bis 79 Jahre", unit: "Personen", source: register),
        Variable(key: "ew_80_plus_w", label: "Einwohnerinnen 80 Jahre und älter", unit: "Personen", source: register),
        Variable(key: "ew_auslaendisch", label: "Einwohner ohne deutsche Staatsangehörigkeit", unit: "Personen", source: register),
        Variable(key: "hh_mit_kindern", label: "Haushalte mit Kindern unter 18 Jahren", unit: "Haushalte", source: register),
        Variable(key: "hh_alleinerziehend", label: "Haushalte von Alleinerziehenden", unit: "Haushalte", source: register),
        Variable(key: "hh_gesamt", label: "Haushalte insgesamt", unit: "Haushalte", source: register),
        Variable(key: "hh_einpersonen", label: "Einpersonenhaushalte", unit: "Haushalte", source: register),
        Variable(key: "ew_wohndauer_5", label: "Einwohner mit mindestens 5 Jahren Wohndauer an der Adresse", unit: "Personen", source: register),
        Variable(key: "sgb2_personen", label: "Personen in SGB-II-Bedarfsgemeinschaften", unit: "Personen", source: ba),
        Variable(key: "sgb2_u15", label: "Kinder unter 15 Jahren in SGB-II-Bedarfsgemeinschaften", unit: "Personen", source: ba),
        Variable(key: "sgb2_bg", label: "SGB-II-Bedarfsgemeinschaften", unit: "Bedarfsgemeinschaften", source: ba),
        Variable(key: "alo_gesamt", label: "Arbeitslose (SGB II und SGB III)", unit: "Personen", source: ba),
        Variable(key: "alo_u25", label: "Arbeitslose unter 25 Jahren", unit: "Personen", source: ba),
        Variable(key: "alo_langzeit", label: "Langzeitarbeitslose (1 Jahr und länger)", unit: "Personen", source: ba),
        Variable(key: "svb_wohnort", label: "Sozialversicherungspflichtig Beschäftigte am Wohnort", unit: "Personen", source: ba),
        Variable(key: "grusi_65", label: "Empfänger von Grundsicherung im Alter (65+)", unit: "Personen", source: socialOffice),
        Variable(key: "kita_plaetze", label: "Genehmigte Kita-Plätze (Kinder bis Schuleintritt)", unit: "Plätze", source: youthOffice),
        Variable(key: "kita_betreut_3_5", label: "Kinder 3 bis 5 Jahre in Kindertagesbetreuung (Wohnort)", unit: "Personen", source: youthOffice),
    ]

    static let u15 = "ew_0_2 + ew_3_5 + ew_6_9 + ew_10_14"
    static let u18 = "ew_0_2 + ew_3_5 + ew_6_9 + ew_10_14 + ew_15_17"
    static let a15to64 = "ew_15_17 + ew_18_24 + ew_25_64"
    static let a18to64 = "ew_18_24 + ew_25_64"
    static let a65plus = "ew_65_79 + ew_80_plus"
    static let u65 = "ew_gesamt - ew_65_79 - ew_80_plus"

    /// Age groups of the population pyramid: key and label, youngest first. Women are
    /// `<key>_w`, men the difference to `<key>`.
    public static let pyramidGroups: [(key: String, label: String)] = [
        ("ew_0_2", "0–2"), ("ew_3_5", "3–5"), ("ew_6_9", "6–9"), ("ew_10_14", "10–14"), ("ew_15_17", "15–17"),
        ("ew_18_24", "18–24"), ("ew_25_64", "25–64"), ("ew_65_79", "65–79"), ("ew_80_plus", "80+"),
    ]

    public static let topics = ["Bevölkerungsstruktur", "Migration", "Demografie der Kinder", "Soziale Lage", "Arbeit", "Bildung und Betreuung"]

    /// Orders topic names: the standard topics in their order, then others alphabetically.
    public static func topicOrder(_ a: String, _ b: String) -> Bool {
        (topics.firstIndex(of: a) ?? topics.count, a) < (topics.firstIndex(of: b) ?? topics.count, b)
    }

    public static let indicators: [Indicator] = [
        Indicator(key: "einwohner", name: "Einwohnerinnen und Einwohner", formula: "ew_gesamt", unit: "Personen",
                  topic: "Bevölkerungsstruktur", polarity: .neutral,
                  definition: "Personen mit Hauptwohnsitz im Gebiet am Stichtag.", source: register, decimals: 0),
        Indicator(key: "anteil_u18", name: "Anteil Kinder und Jugendliche (unter 18)", formula: "share(\(u18), ew_gesamt)", unit: "%",
                  topic: "Demografie der Kinder", polarity: .neutral,
                  definition: "Einwohner unter 18 Jahren je 100 Einwohner.", source: register),
        Indicator(key: "anteil_u6", name: "Anteil Kinder unter 6 Jahren", formula: "share(ew_0_2 + ew_3_5, ew_gesamt)", unit: "%",
                  topic: "Demografie der Kinder", polarity: .neutral,
                  definition: "Einwohner unter 6 Jahren je 100 Einwohner.", source: register),
        Indicator(key: "anteil_65plus", name: "Anteil 65 Jahre und älter", formula: "share(\(a65plus), ew_gesamt)", unit: "%",
                  topic: "Bevölkerungsstruktur", polarity: .neutral,
                  definition: "Einwohner ab 65 Jahren je 100 Einwohner.", source: register),
        Indicator(key: "anteil_80plus", name: "Anteil Hochaltrige (80 und älter)", formula: "share(ew_80_plus, ew_gesamt)", unit: "%",
                  topic: "Bevölkerungsstruktur", polarity: .neutral,
                  definition: "Einwohner ab 80 Jahren je 100 Einwohner.", source: register),
        Indicator(key: "jugendquotient", name: "Jugendquotient", formula: "per100(\(u18), \(a18to64))", unit: "je 100",
                  topic: "Bevölkerungsstruktur", polarity: .neutral,
                  definition: "Einwohner unter 18 Jahren je 100 Einwohner von 18 bis 64 Jahren.", source: register),
        Indicator(key: "altenquotient", name: "Altenquotient", formula: "per100(\(a65plus), \(a18to64))", unit: "je 100",
                  topic: "Bevölkerungsstruktur", polarity: .neutral,
                  definition: "Einwohner ab 65 Jahren je 100 Einwohner von 18 bis 64 Jahren.", source: register),
        Indicator(key: "auslaenderanteil", name: "Anteil ohne deutsche Staatsangehörigkeit", formula: "share(ew_auslaendisch, ew_gesamt)", unit: "%",
                  topic: "Migration", polarity: .neutral,
                  definition: "Einwohner ohne deutsche Staatsangehörigkeit je 100 Einwohner.", source: register),
        Indicator(key: "frauenanteil", name: "Frauenanteil", formula: "share(ew_weiblich, ew_gesamt)", unit: "%",
                  topic: "Bevölkerungsstruktur", polarity: .neutral,
                  definition: "Einwohnerinnen je 100 Einwohner.", source: register),
        Indicator(key: "sgb2_quote", name: "SGB-II-Quote", formula: "share(sgb2_personen, \(u65))", unit: "%",
                  topic: "Soziale Lage", polarity: .higherIsNeed,
                  definition: "Personen in SGB-II-Bedarfsgemeinschaften je 100 Einwohner unter 65 Jahren.", source: ba),
        Indicator(key: "kinderarmut", name: "Kinderarmut (SGB II unter 15)", formula: "share(sgb2_u15, \(u15))", unit: "%",
                  topic: "Soziale Lage", polarity: .higherIsNeed,
                  definition: "Kinder unter 15 Jahren in SGB-II-Bedarfsgemeinschaften je 100 Einwohner unter 15 Jahren.", source: ba),
        Indicator(key: "altersarmut", name: "Altersarmut (Grundsicherung 65+)", formula: "share(grusi_65, \(a65plus))", unit: "%",
                  topic: "Soziale Lage", polarity: .higherIsNeed,
                  definition: "Empfänger von Grundsicherung im Alter je 100 Einwohner ab 65 Jahren.", source: socialOffice),
        Indicator(key: "alleinerziehende", name: "Anteil Alleinerziehender", formula: "share(hh_alleinerziehend, hh_mit_kindern)", unit: "%",
                  topic: "Soziale Lage", polarity: .higherIsNeed,
                  definition: "Haushalte von Alleinerziehenden je 100 Haushalte mit Kindern unter 18 Jahren.", source: register),
        Indicator(key: "bg_groesse", name: "Personen je Bedarfsgemeinschaft", formula: "ratio(sgb2_personen, sgb2_bg)", unit: "Personen",
                  topic: "Soziale Lage", polarity: .neutral,
                  definition: "Personen in SGB-II-Bedarfsgemeinschaften je Bedarfsgemeinschaft.", source: ba, decimals: 2),
        Indicator(key: "arbeitslosenanteil", name: "Arbeitslosenanteil", formula: "share(alo_gesamt, \(a15to64))", unit: "%",
                  topic: "Arbeit", polarity: .higherIsNeed,
                  definition: "Arbeitslose (SGB II und III) je 100 Einwohner von 15 bis 64 Jahren (keine amtliche Arbeitslosenquote).", source: ba),
        Indicator(key: "jugendarbeitslosigkeit", name: "Jugendarbeitslosenanteil", formula: "share(alo_u25, ew_15_17 + ew_18_24)", unit: "%",
                  topic: "Arbeit", polarity: .higherIsNeed,
                  definition: "Arbeitslose unter 25 Jahren je 100 Einwohner von 15 bis 24 Jahren.", source: ba),
        Indicator(key: "langzeitarbeitslosigkeit", name: "Langzeitarbeitslosenanteil", formula: "share(alo_langzeit, \(a15to64))", unit: "%",
                  topic: "Arbeit", polarity: .higherIsNeed,
                  definition: "Langzeitarbeitslose je 100 Einwohner von 15 bis 64 Jahren.", source: ba),
        Indicator(key: "beschaeftigungsquote", name: "Beschäftigungsquote (SvB am Wohnort)", formula: "share(svb_wohnort, \(a15to64))", unit: "%",
                  topic: "Arbeit", polarity: .higherIsBetter,
                  definition: "Sozialversicherungspflichtig Beschäftigte am Wohnort je 100 Einwohner von 15 bis 64 Jahren.", source: ba),
        Indicator(key: "kita_versorgung", name: "Kita-Plätze je 100 Kinder unter 6", formula: "per100(kita_plaetze, ew_0_2 + ew_3_5)", unit: "je 100",
                  topic: "Bildung und Betreuung", polarity: .higherIsBetter,
                  definition: "Genehmigte Kita-Plätze im Gebiet je 100 Kinder unter 6 Jahren im Gebiet.", source: youthOffice),
        Indicator(key: "betreuungsquote_3_5", name: "Betreuungsquote 3 bis 5 Jahre", formula: "share(kita_betreut_3_5, ew_3_5)", unit: "%",
                  topic: "Bildung und Betreuung", polarity: .higherIsBetter,
                  definition: "Kinder von 3 bis 5 Jahren in Kindertagesbetreuung (nach Wohnort) je 100 Kinder dieses Alters.", source: youthOffice),
        Indicator(key: "anteil_u3", name: "Anteil Kinder unter 3 Jahren", formula: "share(ew_0_2, ew_gesamt)", unit: "%",
                  topic: "Demografie der Kinder", polarity: .neutral,
                  definition: "Einwohner von 0 bis 2 Jahren je 100 Einwohner.", source: register),
        Indicator(key: "anteil_6_9", name: "Anteil Kinder 6 bis 9 Jahre", formula: "share(ew_6_9, ew_gesamt)", unit: "%",
                  topic: "Demografie der Kinder", polarity: .neutral,
                  definition: "Einwohner von 6 bis 9 Jahren (Grundschulalter) je 100 Einwohner.", source: register),
        Indicator(key: "anteil_10_14", name: "Anteil Kinder 10 bis 14 Jahre", formula: "share(ew_10_14, ew_gesamt)", unit: "%",
                  topic: "Demografie der Kinder", polarity: .neutral,
                  definition: "Einwohner von 10 bis 14 Jahren je 100 Einwohner.", source: register),
        Indicator(key: "anteil_15_17", name: "Anteil Jugendliche 15 bis 17 Jahre", formula: "share(ew_15_17, ew_gesamt)", unit: "%",
                  topic: "Demografie der Kinder", polarity: .neutral,
                  definition: "Einwohner von 15 bis 17 Jahren je 100 Einwohner.", source: register),
        Indicator(key: "anteil_18_24", name: "Anteil junge Erwachsene 18 bis 24 Jahre", formula: "share(ew_18_24, ew_gesamt)", unit: "%",
                  topic: "Bevölkerungsstruktur", polarity: .neutral,
                  definition: "Einwohner von 18 bis 24 Jahren je 100 Einwohner.", source: register),
        Indicator(key: "bevoelkerungsentwicklung_5", name: "Bevölkerungsentwicklung in 5 Jahren", formula: "change(ew_gesamt, 5)", unit: "Personen",
                  topic: "Bevölkerungsstruktur", polarity: .neutral,
                  definition: "Einwohner am Stichtag minus Einwohner fünf Jahre zuvor.", source: register, decimals: 0),
        Indicator(key: "kinderarmut_dynamik", name: "Veränderung der Kinderarmut in 2 Jahren", formula: "change(share(sgb2_u15, \(u15)), 2)", unit: "Pp.",
                  topic: "Soziale Lage", polarity: .higherIsNeed,
                  definition: "Kinderarmut am Stichtag minus Kinderarmut zwei Jahre zuvor, in Prozentpunkten (Dynamik-Indikator des Berliner Monitorings).", source: ba),
        Indicator(key: "sgb2_quote_dynamik", name: "Veränderung der SGB-II-Quote in 2 Jahren", formula: "change(share(sgb2_personen, \(u65)), 2)", unit: "Pp.",
                  topic: "Soziale Lage", polarity: .higherIsNeed,
                  definition: "SGB-II-Quote am Stichtag minus SGB-II-Quote zwei Jahre zuvor, in Prozentpunkten.", source: ba),
        Indicator(key: "arbeitslosenanteil_dynamik", name: "Veränderung des Arbeitslosenanteils in 2 Jahren", formula: "change(share(alo_gesamt, \(a15to64)), 2)", unit: "Pp.",
                  topic: "Arbeit", polarity: .higherIsNeed,
                  definition: "Arbeitslosenanteil am Stichtag minus Arbeitslosenanteil zwei Jahre zuvor, in Prozentpunkten.", source: ba),
    ]
}
