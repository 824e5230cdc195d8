/// One token of Python source.
package struct Token: Sendable {
    package enum Kind: Sendable, Equatable {
        case name(String)
        case int(String)
        case float(Double)
        case string(String)
        /// A bytes literal (b'...'), its escapes resolved to byte values.
        case bytes([UInt8])
        /// An f-string's raw body (between the quotes), parsed into parts by the parser.
        case fstring(String, bodyStart: Int)
        case op(String)
        case newline
        case indent
        case dedent
        case eof
    }

    package var kind: Kind
    package var span: Span
}
