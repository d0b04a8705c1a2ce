/// Starts libFuzzer's driver on one of the `FuzzTargets` (built only by bench/fuzz.sh, with
/// -sanitize=fuzzer, which supplies `LLVMFuzzerRunDriver`).
public enum FuzzDriver {
    nonisolated(unsafe) static var target: ([UInt8]) -> Void = { _ in }

    public static func run(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ body: @escaping ([UInt8]) -> Void) -> CInt {
        target = body
        var count = argc
        var arguments = argv
        return runDriver(&count, &arguments) { data, size in
            FuzzDriver.target(Array(UnsafeBufferPointer(start: data, count: size)))
            return 0
        }
    }
}

@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
               _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt
