import Foundation
import Testing
import TestSupport

/// pandas.read_csv as the data tutorial's Dataset uses it, against pandas 3.1.1's output for
/// the same program (Vectors/pandas/read_csv.out): column types, iloc values as numpy
/// scalars, Series, and the printed frames (including the tutorial's header-less CSV, whose
/// first row pandas takes as the header).
struct PandasTests {
    @Test func readCsvPrintsWhatPandasPrints() throws {
        let dir = try #require(Bundle.module.url(forResource: "pandas", withExtension: nil, subdirectory: "Vectors"))
        let program = try String(contentsOf: dir.appendingPathComponent("read_csv.py"), encoding: .utf8)
        let expected = try String(contentsOf: dir.appendingPathComponent("read_csv.out"), encoding: .utf8)
        let (output, error) = runProgram("ROOT = \"\(dir.path)\"\n" + program)
        #expect(error == nil)
        #expect(output == expected)
    }

    @Test func missingFilesAndUnsupportedArgumentsAreClear() throws {
        let dir = try #require(Bundle.module.url(forResource: "pandas", withExtension: nil, subdirectory: "Vectors"))
        #expect(runProgram("import pandas as pd\npd.read_csv('/nonexistent.csv')").error == "FileNotFoundError: [Errno 2] No such file or directory: '/nonexistent.csv'")
        #expect(runProgram("import pandas as pd\npd.read_csv('\(dir.path)/labels.csv', usecols=[0])").error == "NotImplementedError: read_csv(usecols=...) is not supported by tsh yet")
    }
}
