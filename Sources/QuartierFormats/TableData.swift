import QuartierCore

/// A validated table, ready to be written in one transaction. Values are kept compact
/// (indices into the area, variable and period lists) so a million rows stay small.
public struct TableData: Sendable {
    public typealias Entry = ValueBatch.Entry
    public static var symbols: [String?] { ValueBatch.symbols }

    public var file: String
    public var encoding: TextEncoding
    public var delimiterName: String
    public var layout: TableMapping.Layout
    public var areaCodes: [String] = []
    /// Areas the table creates (only with `create_areas`).
    public var newAreas: [Area] = []
    public var variables: [Variable] = []
    /// Keys of `variables` that do not exist yet.
    public var newVariableKeys: Set<String> = []
    public var periods: [String] = []
    public var entries: [Entry] = []
    /// Labels skipped because they are not mapped (with `unmapped = skip`), with their row counts.
    public var skipped: [String: Int] = [:]
    /// Where each skipped label first appeared (its position in the file), for listing them in order.
    public var labelOrder: [String: Int] = [:]
    public var recordsRead = 0
    /// Rows above the header (a title block), and rows below the table with one text cell
    /// (footnotes, the source line), left out and shown in the preview.
    public var titleLines: [String] = []
    public var footnotes: [String] = []
    /// Rows skipped because their area is not in the atlas (with `unknown_areas = skip`).
    public var skippedAreaRows = 0
    /// Rows with an area name but no code (totals such as "Gesamtstadt"), left out: name and line.
    public var rowsWithoutCode: [String] = []
    /// Values far outside the rest of their variable (shown in the preview; not refused).
    public var outliers: [String] = []
    /// Cells stored as missing because their value is a declared missing-value code.
    public var declaredMissing = 0
    /// For a workbook: the sheet read, and all its sheets.
    public var sheetName: String?
    public var sheetNames: [String] = []

    /// The batch that writes this table (with the areas and variables it creates).
    public func importBatch(label: String) -> ImportBatch {
        ImportBatch(label: label, kind: "table", areas: newAreas, variables: variables,
                    values: ValueBatch(areaCodes: areaCodes, variableKeys: variables.map(\.key), periods: periods, entries: entries))
    }
}

/// What the atlas already holds, against which a table is checked.
public struct TableContext: Sendable {
    public var areaCodes: Set<String>
    public var variables: [Variable]

    public init(areaCodes: Set<String>, variables: [Variable]) {
        self.areaCodes = areaCodes
        self.variables = variables
    }
}
