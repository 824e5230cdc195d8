import Autograd
import Foundation
import Interpreter
import PythonSyntax

/// `import pandas as pd`, as far as the data tutorial's custom Dataset uses it: `read_csv` of
/// a plain CSV file into a DataFrame with `len`, `shape`, `columns`, `iloc[row, column]`
/// (numpy scalars for numbers, str for text), `df[column]` and `iloc[row]` as Series with
/// `tolist()`, `to_numpy()` / `values`, and pandas 3's printing of small frames.
enum PandasModule {
    static func install(into interp: Interpreter) {
        let pd = ModuleObject(name: "pandas")
        pd.attributes["__version__"] = .string("3.1.1")
        let spec = "filepath_or_buffer, *, sep=None, delimiter=None, header='infer', names=None, index_col=None, usecols=None, dtype=None, skiprows=None, nrows=None"
        let signature = Signature("read_csv", spec)
        HelpRegistry.add("pandas.read_csv", name: "read_csv", spec: spec, summary: "Reads a CSV file into a DataFrame (tsh's pandas: numbers and text columns).", example: "pd.read_csv('labels.csv')")
        pd.attributes["read_csv"] = .builtin(Builtin("read_csv", qualifiedName: "pandas.read_csv", parameters: signature.parameterNames) { args, interp in
            try signature.call(args, interp) { b in
                guard case .string(let path) = b.required("filepath_or_buffer") else {
                    throw PyError.type("tsh's read_csv takes a file path (a str)")
                }
                guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                    throw PyError("FileNotFoundError", "[Errno 2] No such file or directory: '\(path)'")
                }
                var separator = ","
                for key in ["sep", "delimiter"] {
                    if case .string(let s)? = b[key] { separator = s }
                }
                guard separator.count == 1 else { throw PyError("NotImplementedError", "tsh's read_csv takes a one-character separator") }
                var rows = CSV.parse(text, separator: separator.first!)
                var names: [String]
                if let given = b["names"] {
                    names = try interp.materialize(given).map { try interp.str($0) }
                    if case .int(0)? = b["header"] { rows.removeFirst() }
                } else {
                    switch b["header"] {
                    case nil, .string("infer")?, .int(0)?:
                        guard !rows.isEmpty else { throw PyError("pandas.errors.EmptyDataError", "No columns to parse from file") }
                        names = rows.removeFirst()
                    default:
                        names = (0..<(rows.map(\.count).max() ?? 0)).map(String.init)
                    }
                }
                if let n = try Convert.int(b["nrows"], interp) { rows = Array(rows.prefix(max(0, n))) }
                return .object(DataFrame(names: names, rows: rows))
            }
        })
        interp.modules["pandas"] = .object(pd)
    }
}

/// CSV records: fields split at the separator outside double quotes, `""` inside quotes.
enum CSV {
    static func parse(_ text: String, separator: Character) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = ""
        var quoted = false, fieldStarted = false
        var chars = Array(text)
        if chars.last != "\n" { chars.append("\n") }
        var k = 0
        while k < chars.count {
            let c = chars[k]
            if quoted {
                if c == "\"" {
                    if k + 1 < chars.count && chars[k + 1] == "\"" { field.append("\""); k += 1 } else { quoted = false }
                } else {
                    field.append(c)
                }
            } else if c == "\"" && field.isEmpty {
                quoted = true
                fieldStarted = true
            } else if c == separator {
                row.append(field)
                field = ""
                fieldStarted = true
            } else if c == "\n" || c == "\r\n" || c == "\r" {
                if !row.isEmpty || !field.isEmpty || fieldStarted { row.append(field); rows.append(row) }
                row = []
                field = ""
                fieldStarted = false
            } else {
                field.append(c)
            }
            k += 1
        }
        return rows
    }
}

/// One column, typed as pandas infers it: int64, float64, bool or text (object).
struct Column {
    enum Values {
        case int([Int64]), float([Double]), bool([Bool]), text([String?])
    }
    let name: String
    let values: Values

    init(name: String, values: Values) {
        self.name = name
        self.values = values
    }

    init(name: String, raw: [String?]) {
        self.name = name
        let trimmed = raw.map { $0?.trimmingCharacters(in: .whitespaces) }
        if !trimmed.isEmpty, trimmed.allSatisfy({ $0 != nil && Int64($0!) != nil }) {
            values = .int(trimmed.map { Int64($0!)! })
        } else if !trimmed.isEmpty, trimmed.allSatisfy({ $0 == nil || $0!.isEmpty || Double($0!) != nil }) {
            values = .float(trimmed.map { $0.flatMap { $0.isEmpty ? nil : Double($0) } ?? .nan })
        } else if !trimmed.isEmpty, trimmed.allSatisfy({ $0 == "True" || $0 == "False" }) {
            values = .bool(trimmed.map { $0 == "True" })
        } else {
            values = .text(raw.map { $0.flatMap { $0.isEmpty ? nil : $0 } })
        }
    }

    var count: Int {
        switch values {
        case .int(let v): v.count
        case .float(let v): v.count
        case .bool(let v): v.count
        case .text(let v): v.count
        }
    }

    var dtypeName: String {
        switch values {
        case .int: "int64"
        case .float: "float64"
        case .bool: "bool"
        case .text: "str"
        }
    }

    /// Element `i` as pandas hands it out: numpy scalars for numbers, str (or nan) for text.
    func value(_ i: Int) -> Value {
        switch values {
        case .int(let v): return NumpyScalar.wrap(NDArray(values: [.int(v[i])], shape: [], dtype: .int64))
        case .float(let v): return NumpyScalar.wrap(NDArray(values: [.double(v[i])], shape: [], dtype: .float64))
        case .bool(let v): return NumpyScalar.wrap(NDArray(values: [.bool(v[i])], shape: [], dtype: .bool))
        case .text(let v): return v[i].map { .string($0) } ?? .float(.nan)
        }
    }

    /// The column as a numpy array (text columns have no tsh array).
    func array() throws -> NDArray {
        switch values {
        case .int(let v): return NDArray(values: v.map { .int($0) }, shape: [v.count], dtype: .int64)
        case .float(let v): return NDArray(values: v.map { .double($0) }, shape: [v.count], dtype: .float64)
        case .bool(let v): return NDArray(values: v.map { .bool($0) }, shape: [v.count], dtype: .bool)
        case .text: throw PyError("NotImplementedError", "column '\(name)' holds text: tsh's numpy has no object arrays (use .tolist())")
        }
    }

    /// The column's cells as pandas prints them: a sign slot before numbers (` 3`, `-3.125`),
    /// a leading space before text, floats with the decimals the column needs (1 to 6).
    func cells() -> [String] {
        switch values {
        case .int(let v): return v.map { $0 < 0 ? String($0) : " " + String($0) }
        case .bool(let v): return v.map { $0 ? " True" : " False" }
        case .text(let v): return v.map { " " + ($0 ?? "NaN") }
        case .float(let v):
            let decimals = max(1, min(6, v.filter(\.isFinite).map { x -> Int in
                var d = 0
                while d < 6 && (x * pow(10, Double(d))).rounded() != x * pow(10, Double(d)) { d += 1 }
                return d
            }.max() ?? 1))
            return v.map { x in
                if x.isNaN { return "NaN" }
                let t = String(format: "%.\(decimals)f", x)
                return x < 0 || (x == 0 && x.sign == .minus) ? t : " " + t
            }
        }
    }

    /// The rows `picked`, in that order.
    func picking(_ picked: [Int]) -> Column {
        switch values {
        case .int(let v): Column(name: name, values: .int(picked.map { v[$0] }))
        case .float(let v): Column(name: name, values: .float(picked.map { v[$0] }))
        case .bool(let v): Column(name: name, values: .bool(picked.map { v[$0] }))
        case .text(let v): Column(name: name, values: .text(picked.map { v[$0] }))
        }
    }

    /// Whether pandas counts the column as numeric (its header then gets a leading space).
    var isNumeric: Bool {
        if case .text = values { return false }
        return true
    }
}

/// Right-justifies `s` to `width`.
private func right(_ s: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - s.count)) + s }
private func left(_ s: String, _ width: Int) -> String { s + String(repeating: " ", count: max(0, width - s.count)) }

final class DataFrame: PyObject {
    let columns: [Column]
    let rowCount: Int

    init(columns: [Column], rowCount: Int) {
        self.columns = columns
        self.rowCount = rowCount
    }

    convenience init(names: [String], rows: [[String]]) {
        let width = max(names.count, rows.map(\.count).max() ?? 0)
        let allNames = names + (names.count..<width).map { "Unnamed: \($0)" }
        let columns = (0..<width).map { j in Column(name: allNames[j], raw: rows.map { j < $0.count ? $0[j] : nil }) }
        self.init(columns: columns, rowCount: rows.count)
    }

    var typeName: String { "DataFrame" }
    func length(_ interp: Interpreter) throws -> Int? { rowCount }

    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "shape": return .tuple([.int(rowCount), .int(columns.count)])
        case "columns": return .object(PandasIndex(columns.map(\.name)))
        case "iloc": return .object(ILocIndexer(self))
        case "values": return NumpyArrayObject.wrap(try values())
        case "to_numpy": return .builtin(Builtin("to_numpy") { _, _ in NumpyArrayObject.wrap(try self.values()) })
        case "head", "tail":
            return .builtin(Builtin(name) { args, interp in
                let n = try args.positional.first.flatMap { try interp.asIndex($0) } ?? 5
                let k = max(0, min(n, self.rowCount))
                let range = name == "head" ? 0..<k : (self.rowCount - k)..<self.rowCount
                return .object(self.rows(Array(range)))
            })
        default: return nil
        }
    }

    func getItem(_ index: Value, _ interp: Interpreter) throws -> Value? {
        guard case .string(let name) = index, let column = columns.first(where: { $0.name == name }) else {
            throw PyError("KeyError", try interp.repr(index))
        }
        return .object(Series(column, index: Array(0..<rowCount)))
    }

    func rows(_ picked: [Int]) -> DataFrame {
        DataFrame(columns: columns.map { $0.picking(picked) }, rowCount: picked.count)
    }

    func values() throws -> NDArray {
        let arrays = try columns.map { try $0.array() }
        guard let first = arrays.first else { return NDArray(zeros: [rowCount, 0], dtype: .float64) }
        let type = arrays.dropFirst().reduce(first.dtype) { NumpyTypes.promote($0, $1.dtype) }
        return try NDArray.stack(arrays.map { $0.to(type) }, dim: 1)
    }

    /// pandas' frame layout (DataFrameFormatter): the index left-justified, then each column
    /// right-justified under its header, joined by one space.
    func repr(_ interp: Interpreter) throws -> String {
        if columns.isEmpty { return "Empty DataFrame\nColumns: []\nIndex: []" }
        let index = (0..<rowCount).map(String.init)
        let indexWidth = index.map(\.count).max() ?? 0
        var lines = [left("", indexWidth)] + index.map { left($0, indexWidth) }
        for c in columns {
            let header = c.isNumeric ? " " + c.name : c.name
            let cells = c.cells()
            let width = max(header.count, cells.map(\.count).max() ?? 0)
            lines[0] += " " + right(header, width)
            for i in 0..<rowCount { lines[i + 1] += " " + right(cells[i], width) }
        }
        return lines.joined(separator: "\n")
    }
}

/// `df.iloc`: `[row, column]` gives a value, `[row]` a row as a Series.
final class ILocIndexer: PyObject {
    let frame: DataFrame
    init(_ frame: DataFrame) { self.frame = frame }
    var typeName: String { "_iLocIndexer" }

    private func position(_ v: Value, _ count: Int, axis: Int, _ interp: Interpreter) throws -> Int {
        guard let i = try interp.asIndex(v) else {
            throw PyError("NotImplementedError", "tsh's iloc takes integer positions (not \(interp.typeName(v)))")
        }
        guard i >= -count && i < count else { throw PyError.index("index \(i) is out of bounds for axis \(axis) with size \(count)") }
        return i < 0 ? i + count : i
    }

    func getItem(_ index: Value, _ interp: Interpreter) throws -> Value? {
        if case .tuple(let parts) = index, parts.count == 2 {
            let r = try position(parts[0], frame.rowCount, axis: 0, interp)
            let c = try position(parts[1], frame.columns.count, axis: 1, interp)
            return frame.columns[c].value(r)
        }
        let r = try position(index, frame.rowCount, axis: 0, interp)
        let cells = try frame.columns.map { ($0.name, $0.value(r), " " + (try interp.str(NumpyConvert.pythonValue($0.value(r))))) }
        return .object(RowSeries(cells, name: String(r)))
    }
}

/// A column of a DataFrame.
final class Series: PyObject {
    let column: Column
    let index: [Int]
    init(_ column: Column, index: [Int]) {
        self.column = column
        self.index = index
    }
    var typeName: String { "Series" }
    func length(_ interp: Interpreter) throws -> Int? { column.count }

    func getItem(_ i: Value, _ interp: Interpreter) throws -> Value? {
        guard let k = try interp.asIndex(i), k >= 0, k < column.count else { throw PyError("KeyError", try interp.repr(i)) }
        return column.value(k)
    }

    func makeIterator(_ interp: Interpreter) throws -> PyIterator? { PyIterator((0..<column.count).map(column.value)) }

    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "tolist": return .builtin(Builtin("tolist") { _, _ in .list(PyList((0..<self.column.count).map { NumpyConvert.pythonValue(self.column.value($0)) })) })
        case "values": return NumpyArrayObject.wrap(try column.array())
        case "to_numpy": return .builtin(Builtin("to_numpy") { _, _ in NumpyArrayObject.wrap(try self.column.array()) })
        case "name": return .string(column.name)
        case "dtype": return .object(NumpyDTypeObject(try column.array().dtype))
        case "iloc": return .object(SeriesILoc(self))
        default: return nil
        }
    }

    /// pandas' series layout: index, three spaces, right-justified cells, then name and dtype.
    func repr(_ interp: Interpreter) throws -> String {
        let cells = column.cells()
        let indexWidth = index.map { String($0).count }.max() ?? 0, width = cells.map(\.count).max() ?? 0
        let lines = (0..<column.count).map { i in left(String(index[i]), indexWidth) + "   " + right(cells[i], width) }
        return (lines + ["Name: \(column.name), dtype: \(column.dtypeName)"]).joined(separator: "\n")
    }
}

final class SeriesILoc: PyObject {
    let series: Series
    init(_ series: Series) { self.series = series }
    var typeName: String { "_iLocIndexer" }
    func getItem(_ index: Value, _ interp: Interpreter) throws -> Value? {
        guard let i = try interp.asIndex(index), i >= -series.column.count, i < series.column.count else {
            throw PyError.index("single positional indexer is out-of-bounds")
        }
        return series.column.value(i < 0 ? i + series.column.count : i)
    }
}

/// `df.iloc[row]`: the row's values by column name.
final class RowSeries: PyObject {
    let cells: [(String, Value, String)]
    let name: String
    init(_ cells: [(String, Value, String)], name: String) {
        self.cells = cells
        self.name = name
    }
    var typeName: String { "Series" }
    func length(_ interp: Interpreter) throws -> Int? { cells.count }
    func getItem(_ index: Value, _ interp: Interpreter) throws -> Value? {
        if case .string(let key) = index, let cell = cells.first(where: { $0.0 == key }) { return cell.1 }
        if let k = try interp.asIndex(index), k >= -cells.count, k < cells.count { return cells[k < 0 ? k + cells.count : k].1 }
        throw PyError("KeyError", try interp.repr(index))
    }
    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "tolist": return .builtin(Builtin("tolist") { _, _ in .list(PyList(self.cells.map { NumpyConvert.pythonValue($0.1) })) })
        case "name": return .int(Int(self.name) ?? 0)
        case "iloc": return .object(self)
        default: return nil
        }
    }
    func repr(_ interp: Interpreter) throws -> String {
        let keyWidth = cells.map(\.0.count).max() ?? 0, width = cells.map(\.2.count).max() ?? 0
        let lines = cells.map { left($0.0, keyWidth) + "   " + right($0.2, width) }
        let kinds = Set(cells.map { cell -> String in
            if case .object(let o as NumpyScalar) = cell.1 { return NumpyTypes.name(o.array.dtype) }
            return "object"
        })
        return (lines + ["Name: \(name), dtype: \(kinds.count == 1 ? kinds.first! : "object")"]).joined(separator: "\n")
    }
}

/// `df.columns`: pandas' Index of the column names.
final class PandasIndex: PyObject {
    let names: [String]
    init(_ names: [String]) { self.names = names }
    var typeName: String { "Index" }
    func length(_ interp: Interpreter) throws -> Int? { names.count }
    func makeIterator(_ interp: Interpreter) throws -> PyIterator? { PyIterator(names.map { .string($0) }) }
    func getItem(_ index: Value, _ interp: Interpreter) throws -> Value? {
        .string(names[try interp.normalizeIndex(index, count: names.count, what: "index")])
    }
    func contains(_ value: Value, _ interp: Interpreter) throws -> Bool? {
        guard case .string(let s) = value else { return false }
        return names.contains(s)
    }
    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        name == "tolist" ? .builtin(Builtin("tolist") { _, _ in .list(PyList(self.names.map { .string($0) })) }) : nil
    }
    func repr(_ interp: Interpreter) throws -> String {
        "Index([" + (try names.map { try interp.repr(.string($0)) }.joined(separator: ", ")) + "], dtype='str')"
    }
}
