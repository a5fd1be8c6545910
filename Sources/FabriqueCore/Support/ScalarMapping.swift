/// A generated table from scalars to what each becomes (`FoldingTable`, `BaseLetterTable`): sorted
/// scalars, and for each a scalar, nothing (0), or a list (0x8000_0000 + its index).
public struct ScalarMapping: Sendable {
    let scalars: [UInt32]
    let values: [UInt32]
    let expansions: [[UInt32]]

    /// A table from its three generated arrays.
    public init(scalars: [UInt32], values: [UInt32], expansions: [[UInt32]]) {
        self.scalars = scalars
        self.values = values
        self.expansions = expansions
    }

    /// Calls `body` with each scalar `scalar` becomes, in order; false (and no call) when the table
    /// does not hold `scalar`, which then stays as it is.
    @discardableResult
    public func forEach(_ scalar: Unicode.Scalar, _ body: (Unicode.Scalar) -> Void) -> Bool {
        var low = 0
        var high = scalars.count
        while low < high {
            let middle = (low + high) / 2
            if scalars[middle] < scalar.value { low = middle + 1 } else { high = middle }
        }
        guard low < scalars.count, scalars[low] == scalar.value else { return false }
        let value = values[low]
        if value & 0x8000_0000 != 0 {
            for item in expansions[Int(value & 0x7FFF_FFFF)] {
                if let mapped = Unicode.Scalar(item) { body(mapped) }
            }
        } else if value != 0, let mapped = Unicode.Scalar(value) {
            body(mapped)
        }
        return true
    }

    /// What `scalar` becomes: itself when the table does not hold it.
    public func mapped(_ scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        return forEach(scalar, { result.append($0) }) ? result : [scalar]
    }
}
