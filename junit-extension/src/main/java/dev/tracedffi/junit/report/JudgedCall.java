package dev.tracedffi.junit.report;

import dev.tracedffi.junit.assertions.AccessVerdict;
import dev.tracedffi.junit.assertions.Allocations;
import dev.tracedffi.junit.assertions.BenignOverRead;
import dev.tracedffi.junit.assertions.OutOfBoundsPolicy;
import dev.tracedffi.junit.assertions.Violation;
import dev.tracedffi.protocol.AccessEvent;
import dev.tracedffi.protocol.InstructionInfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A call with every access judged by {@link OutOfBoundsPolicy}, computed once for every view of the report,
 * and what the supervisor sent of its instructions, by ip.
 */
record JudgedCall(CallReport call, Allocations allocations, List<AccessVerdict> verdicts,
                  Map<Long, InstructionInfo> instructionInfo) {

    static JudgedCall of(CallReport call) {
        OutOfBoundsPolicy policy = new OutOfBoundsPolicy(call.allocations());
        List<AccessVerdict> verdicts = new ArrayList<>(call.events().accEvents().size());
        for (AccessEvent event : call.events().accEvents()) {
            verdicts.add(policy.judge(event));
        }
        return new JudgedCall(call, new Allocations(call.allocations()), List.copyOf(verdicts),
                call.events().instructionsByIp());
    }

    /** The instruction at {@code ip} in Intel syntax, empty when it is not known. */
    String instructionText(long ip) {
        InstructionInfo info = instructionInfo.get(ip);
        return info == null ? "" : info.text();
    }

    /** The first violation of each instruction, in the order they happened. */
    List<Violation> firstViolationPerInstruction() {
        Map<Long, Violation> first = new LinkedHashMap<>();
        for (AccessVerdict verdict : verdicts) {
            if (verdict instanceof Violation violation) {
                first.putIfAbsent(violation.event().ip(), violation);
            }
        }
        return List.copyOf(first.values());
    }

    long violationCount() {
        return verdicts.stream().filter(v -> v instanceof Violation).count();
    }

    long benignOverReadCount() {
        return verdicts.stream().filter(v -> v instanceof BenignOverRead).count();
    }

    /** {@code in bounds}, {@code benign over-read}, {@code out of bounds} or {@code use after free}. */
    static String verdictName(AccessVerdict verdict) {
        if (verdict instanceof Violation violation) {
            return violation.kind() == Violation.Kind.USE_AFTER_FREE ? "use after free" : "out of bounds";
        }
        return verdict instanceof BenignOverRead ? "benign over-read" : "in bounds";
    }

    /** Why: where a violation landed, which rule makes an over-read benign; empty for an access in bounds. */
    static String verdictDetail(AccessVerdict verdict) {
        if (verdict instanceof Violation violation) {
            return violation.position();
        }
        return verdict instanceof BenignOverRead benign ? benign.rule().toString() : "";
    }
}
