/**
 * Benchmarks that compare a Floe path ("ours") with a baseline on the same service in the same run.
 * Each case prints one line, {@code <case>: ours=<rate>/s baseline=<rate>/s ratio=<ours/baseline>};
 * the ratio travels between machines, absolute rates on small machines do not.
 */
package dev.floe.benchmarks;
