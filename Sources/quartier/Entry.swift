import QuartierCLI

/// The executable is only this: parse the command line and run.
@main
enum Entry {
    static func main() async {
        await QuartierCommand.main()
    }
}
