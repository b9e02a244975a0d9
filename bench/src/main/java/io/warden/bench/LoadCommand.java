package io.warden.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Loads a server (or ensemble) that is already running. */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Run workloads against a running server or ensemble and print throughput and latency.")
public final class LoadCommand implements Callable<Integer> {
    @Option(names = "--connect", defaultValue = "127.0.0.1:2181",
            description = "connect string; list every member of an ensemble (default: ${DEFAULT-VALUE})")
    String connect;

    @Option(names = "--name", defaultValue = "target", description = "label in the report (default: ${DEFAULT-VALUE})")
    String name;

    @Option(names = "--json", paramLabel = "FILE", description = "also write the results as JSON")
    Path json;

    @Mixin
    LoadOptions load;

    @Override
    public Integer call() throws Exception {
        List<Result> results = new ArrayList<>();
        System.out.println(Report.RESULT_HEADER);
        for (Workload w : load.workloads()) {
            Result r = LoadRun.run(name, 0, connect, load.spec(w), null, System.out);
            results.add(r);
            System.out.println(Report.resultRow(r));
        }
        if (json != null) {
            Files.writeString(json, "{\"results\": " + Json.array(results.stream().map(Result::toJson).toList()) + "}\n");
        }
        return 0;
    }
}
