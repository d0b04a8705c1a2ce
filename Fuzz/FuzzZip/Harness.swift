import QuartierFuzzDriver
import QuartierFuzzTargets

/// SwiftPM links the executable's `main` to `<module>_main`: libFuzzer runs `FuzzTargets.zip`.
@_cdecl("FuzzZip_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.run(argc, argv, FuzzTargets.zip)
}
