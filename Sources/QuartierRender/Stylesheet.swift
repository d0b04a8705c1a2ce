/// The atlas stylesheet, served at /static/quartier.css (no external fonts or resources).
public enum Stylesheet {
    public static let css = """
    :root { --ink: #1d2330; --muted: #5b6475; --line: #d5d9e0; --accent: #0b5cad; --bg: #ffffff; --soft: #f4f6f9; }
    * { box-sizing: border-box; }
    body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: var(--bg); line-height: 1.45; }
    a { color: var(--accent); }
    a:focus-visible, button:focus-visible, select:focus-visible, input:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
    .skip { position: absolute; left: -999px; top: 0; background: #ffbf47; color: #000; padding: .5rem 1rem; z-index: 10; }
    .skip:focus { left: 0; }
    header.site { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: .5rem 1.5rem; padding: .75rem 1.25rem; background: #12355b; color: #fff; }
    header.site a { color: #fff; text-decoration: none; }
    header.site a:hover { text-decoration: underline; }
    .brand strong { display: block; font-size: 1.15rem; }
    .brand span { font-size: .85rem; opacity: .85; }
    header.site nav { display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
    main { max-width: 1180px; margin: 0 auto; padding: 1rem 1.25rem 2rem; }
    footer.site { border-top: 1px solid var(--line); color: var(--muted); font-size: .85rem; padding: 1rem 1.25rem; text-align: center; }
    h1 { font-size: 1.7rem; margin: .5rem 0 1rem; }
    h1 .kicker { display: block; font-size: .9rem; font-weight: normal; color: var(--muted); }
    h2 { font-size: 1.3rem; margin-top: 2rem; }
    .lead { font-size: 1.1rem; color: var(--muted); }
    .notice { background: #fff4d6; border-left: 4px solid #e0a800; padding: .75rem 1rem; }
    .crumbs { font-size: .9rem; color: var(--muted); margin: 0; }
    .topics { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 1rem; }
    .topic { background: var(--soft); border-radius: 6px; padding: .25rem 1rem .75rem; }
    .topic ul, .area-list { padding-left: 1.1rem; }
    .area-list { columns: 3 14rem; }
    .controls { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem .75rem; margin: .5rem 0 1rem; }
    .controls select, .controls button { font: inherit; padding: .3rem .5rem; max-width: 18rem; }
    .controls .pair { display: inline-flex; align-items: center; gap: .4rem; max-width: 100%; }
    .controls .pair select { min-width: 0; max-width: min(18rem, calc(100vw - 8rem)); }
    .controls button { background: var(--accent); color: #fff; border: 0; border-radius: 4px; padding: .35rem .9rem; }
    .town-value { font-size: 1.1rem; }
    .map-block { display: grid; grid-template-columns: minmax(0, 3fr) minmax(220px, 1fr); gap: 1rem 1.5rem; align-items: start; }
    .map-figure { margin: 0; }
    svg.map { width: 100%; height: auto; display: block; }
    svg.map .areas path { stroke: #ffffff; stroke-width: 1.2; fill-rule: evenodd; }
    svg.map a:focus-visible path, svg.map a:hover path { stroke: #111; stroke-width: 2.5; }
    svg.map .areas path.highlighted { stroke: #111; stroke-width: 2; }
    svg.map .labels text { font-size: 11px; fill: #111; paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; pointer-events: none; }
    .facility-filter { border: 1px solid var(--line); border-radius: 4px; padding: .1rem .6rem .3rem; display: flex; flex-wrap: wrap; gap: .2rem .6rem; align-items: center; }
    .facility-filter legend { font-size: .85rem; }
    .facility-legend { margin-top: .5rem !important; }
    .legend ul { list-style: none; padding: 0; margin: 0; }
    .legend li { display: flex; align-items: center; gap: .4rem; margin: .25rem 0; }
    .swatch { width: 1.1rem; height: 1.1rem; flex: none; }
    .small { font-size: .85rem; color: var(--muted); }
    .table-wrap { overflow-x: auto; }
    table.data { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
    table.data caption { text-align: left; font-weight: 600; padding: .25rem 0; }
    table.data th, table.data td { border-bottom: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: top; }
    table.data thead th { background: var(--soft); }
    table.data .num { text-align: right; white-space: nowrap; }
    table.data tfoot th, table.data tfoot td { font-weight: 600; border-top: 2px solid var(--ink); }
    .index-form { display: grid; grid-template-columns: repeat(auto-fit, minmax(280px, 1fr)); gap: .5rem 1.5rem; }
    .index-form fieldset { border: 1px solid var(--line); border-radius: 6px; }
    .index-form .controls { grid-column: 1 / -1; }
    .check { margin: .15rem 0; }
    .report-title { padding: 3rem 0 2rem; border-bottom: 2px solid var(--ink); }
    .report-title h1 { font-size: 2.2rem; }
    .report-toc ul { columns: 2 18rem; list-style: none; padding-left: 0; }
    .report-toc li { margin: .15rem 0; }
    .report-map-block { display: grid; grid-template-columns: minmax(0, 640px) minmax(200px, 1fr); gap: .5rem 1.5rem; align-items: start; }
    .report-map { max-width: 640px; margin: .5rem 0; }
    .report-table { max-width: 760px; margin-bottom: 1rem; }
    .report-indicator, .report-profile { border-top: 1px solid var(--line); padding-top: .5rem; }
    .statements ul { padding-left: 1.2rem; }
    .statements li { margin: .35rem 0; }
    .key-figures { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: .5rem; }
    .key-figures li { background: var(--soft); border-radius: 6px; padding: .5rem .75rem; }
    .kf-value { display: block; font-size: 1.3rem; font-weight: 700; }
    .kf-unit { font-size: 1rem; white-space: nowrap; }
    .kf-label { display: block; font-size: .85rem; }
    .kf-town { display: block; font-size: .8rem; color: var(--muted); }
    .pyramid-figure { max-width: 520px; margin: 0; }
    svg.chart { width: 100%; height: auto; display: block; }
    .chart-figure { margin: 0 0 1rem; }
    td.trend { white-space: nowrap; }
    td.trend span { display: inline-block; width: 1.2em; color: #333; }
    .series-link { font-size: .8rem; }
    table.data.profile { table-layout: fixed; }
    table.data.profile th:first-child { width: 38%; }
    table.data.profile th:last-child { width: 18%; }
    .meta dl { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem; }
    .meta dt { font-weight: 600; }
    .meta dd { margin: 0; }
    .profile-head { display: flex; flex-wrap: wrap; gap: 1rem 2rem; align-items: flex-start; }
    .facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0; }
    .facts dt { font-weight: 600; }
    .facts dd { margin: 0; }
    .locator { margin: 0; width: 320px; max-width: 100%; }
    .locator figcaption { font-size: .85rem; color: var(--muted); }
    .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    .internal-banner { background: #5b2a86; color: #fff; padding: .4rem 1rem; font-size: .95rem; }
    .internal-banner a { color: #fff; }
    form.inline { display: inline; }
    fieldset.plain { border: 0; padding: 0; margin: 0; min-width: 0; }
    .admin-form textarea { font: inherit; padding: .3rem .4rem; }
    .admin-form fieldset .wide { grid-column: 1 / -1; }
    .report-template { max-width: 52rem; }
    .planner-text { border-left: 4px solid #1f3a5f; padding-left: .75rem; }
    button.link { background: none; border: 0; padding: 0; color: var(--accent); text-decoration: underline; font: inherit; cursor: pointer; }
    .admin-nav { display: flex; flex-wrap: wrap; gap: .25rem 1rem; margin: 0 0 1rem; padding-bottom: .5rem; border-bottom: 1px solid #ccc; }
    .admin-form { display: grid; grid-template-columns: minmax(0, 1fr); gap: .35rem; max-width: 32rem; }
    .admin-form fieldset { min-width: 0; }
    .admin-form input:not([type=radio]):not([type=checkbox]) { max-width: 100%; }
    .admin-form input, .admin-form select { font: inherit; padding: .3rem .4rem; }
    .admin-form fieldset { display: grid; grid-template-columns: auto 1fr; gap: .3rem .5rem; align-items: center; }
    .admin-form button, .actions button, form.inline button:not(.link) { font: inherit; background: var(--accent); color: #fff; border: 0; border-radius: 4px; padding: .35rem .9rem; margin: .2rem .3rem .2rem 0; }
    button.danger { background: #a4262c !important; }
    table.admin { border-collapse: collapse; margin: .5rem 0 1rem; }
    table.admin th, table.admin td { border-bottom: 1px solid #ddd; padding: .25rem .5rem; text-align: left; vertical-align: top; }
    table.admin tr.internal td { background: #fff8e6; }
    .admin-form.legal textarea, .admin-form.legal input[type=text] { width: 100%; max-width: 60rem; box-sizing: border-box; }
    .admin-form.legal label { margin-top: .75rem; display: block; }
    details.dataset-group { margin: .75rem 0; }
    details.dataset-group > summary { cursor: pointer; padding: .25rem 0; }
    .group-title { font-weight: 600; }
    .release-preview { border: 2px solid #1f5f8b; padding: .5rem 1rem 1rem; margin: 1rem 0; }
    .preview-lines li.warning { color: #7a4d00; }
    .preview-lines li.warning::before { content: "⚠ "; }
    .period-note { color: #444; max-width: 60rem; }
    .row-period { display: block; color: #555; font-weight: normal; }
    .missing-data { display: block; color: #7a4d00; }
    .notice.ok { background: #e6f4ea; border-left-color: #2e7d32; }
    .notice.error { background: #fdecea; border-left-color: #a4262c; white-space: pre-line; }
    .table-scroll { overflow-x: auto; }
    .hint { margin: 0 0 .4rem; color: #555; font-size: .9rem; }
    .admin-form button.secondary { background: #fff; color: var(--accent); border: 2px solid var(--accent); }
    #indicator-form { max-width: 44rem; }
    #indicator-form input[name=formel] { font-family: ui-monospace, monospace; }
    pre.formula-caret { font-family: ui-monospace, monospace; background: #fff; padding: .4rem .6rem; overflow-x: auto; white-space: pre; }
    pre.formula-caret mark { background: #a4262c; color: #fff; }
    .area-note { border-left: 4px solid #1f5f8b; background: #eef4f9; padding: .25rem 1rem; margin: 1rem 0; max-width: 60rem; }
    .area-note h2 { margin-top: .5rem; font-size: 1.1rem; }
    .internal-flag { color: #7a4d00; font-weight: 600; }
    .note-meta { color: #555; font-size: .9rem; }
    table.admin form.inline button:not(.link) { padding: .15rem .55rem; font-size: .9rem; margin: .1rem .2rem .1rem 0; }
    details.upload { margin: .75rem 0 1rem; }
    details.upload > summary { cursor: pointer; font-weight: 600; }
    .admin-form.mapping { max-width: 48rem; }
    .admin-form.mapping > * { min-width: 0; }
    .mapping table { width: 100%; table-layout: fixed; }
    .mapping th, .mapping td { overflow-wrap: anywhere; }
    .mapping select { width: 100%; min-width: 0; }
    @media (max-width: 720px) {
      .map-block, .report-map-block { grid-template-columns: 1fr; }
      h1 { font-size: 1.4rem; }
      main { padding: .75rem; }
    }
    @media print {
      @page { size: A4; margin: 10mm; }
      body { font-size: 7.5pt; line-height: 1.25; }
      header.site nav, .controls, .skip, .crumbs, footer.site, .index-form, .report-downloads, .internal-banner { display: none; }
      header.site { background: none; color: #000; padding: 0 0 2pt; border-bottom: 1pt solid #000; }
      header.site a { color: #000; }
      .brand strong { font-size: 9pt; display: inline; }
      a { color: #000; text-decoration: none; }
      main { max-width: none; padding: 0; }
      h1 { font-size: 13pt; margin: 3pt 0; }
      h2 { font-size: 9.5pt; margin: 5pt 0 2pt; }
      h3 { font-size: 8.5pt; margin: 3pt 0 1pt; }
      .map-block { grid-template-columns: 3fr 1fr; }
      .profile-head { gap: 4mm; }
      .locator { width: 42mm; }
      .report-title { padding: 3rem 0 2rem; border-bottom: 2px solid var(--ink); }
    .report-title h1 { font-size: 2.2rem; }
    .report-toc ul { columns: 2 18rem; list-style: none; padding-left: 0; }
    .report-toc li { margin: .15rem 0; }
    .report-map-block { display: grid; grid-template-columns: minmax(0, 640px) minmax(200px, 1fr); gap: .5rem 1.5rem; align-items: start; }
    .report-map { max-width: 640px; margin: .5rem 0; }
    .report-table { max-width: 760px; margin-bottom: 1rem; }
    .report-indicator, .report-profile { border-top: 1px solid var(--line); padding-top: .5rem; }
    .statements ul { margin: 0; }
      .statements li { margin: 0 0 1pt; }
      main { position: relative; }
      .profile-topic { break-inside: avoid; }
      .profile-topic h3 { margin: 2pt 0 0; }
      table.data.profile { table-layout: auto; }
      table.data.profile th:first-child { width: 46%; }
      table.data.profile th:last-child { width: auto; }
      table.data { font-size: 7pt; }
      table.data th, table.data td { padding: .5pt 2pt; }
      table.data thead th { background: none; border-bottom: .75pt solid #000; }
      .area-list { columns: 4; margin: 0; }
      .table-wrap { overflow: visible; }
      .series-link, .downloads, .pyramid details { display: none; }
      .report-title { page-break-after: always; border: 0; padding-top: 60mm; }
      .report-toc { page-break-after: always; }
      .report-chapter { page-break-before: always; }
      .report-indicator, .report-profile { break-inside: avoid; }
      .report-map { max-width: 120mm; }
      table.report-table thead { display: table-header-group; }
      .key-figures { grid-template-columns: repeat(6, 1fr); gap: 2mm; margin: 2pt 0; }
      .key-figures li { padding: 1mm 2mm; }
      .kf-value { font-size: 9pt; }
      .kf-label, .kf-town { font-size: 6.5pt; }
      .pyramid { position: absolute; top: 8mm; right: 0; width: 62mm; }
      .pyramid h2 { margin-top: 0; }
      .profile-head { max-width: 120mm; }
    }
    """
}
