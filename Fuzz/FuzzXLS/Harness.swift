import QuartierFuzzDriver
import QuartierFuzzTargets

/// SwiftPM links the executable's `main` to `<module>_main`: libFuzzer runs `FuzzTargets.xls`.
@_cdecl("FuzzXLS_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.run(argc, argv, FuzzTargets.xls)
}
