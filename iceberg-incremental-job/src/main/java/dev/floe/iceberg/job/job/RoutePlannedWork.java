package dev.floe.iceberg.job.job;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.InstantiationUtil;
import org.apache.flink.util.OutputTag;

/**
 * Sends what {@link PlannerSource} plans on: each file scan task, with its place in commit order,
 * to the readers of its source (a side output per source), and each moved position to the commit
 * (the main output, serialized as {@link PlannedPosition}). Chained to the planner, so the order of
 * tasks, positions and checkpoint barriers stays as the planner emitted them. A planner that ended
 * because a source's schema changed is counted in the accumulator {@value #SCHEMA_CHANGED}, which
 * tells {@link StreamingRun} to start the job again; a job stopped with a savepoint has none.
 */
final class RoutePlannedWork extends ProcessFunction<Tuple3<Integer, Long, String>, byte[]> {
  private static final long serialVersionUID = 1L;

  /** The accumulator that counts planners ended by a source's new schema. */
  static final String SCHEMA_CHANGED = "floe-source-schema-changed";

  /** A source's new position, planned before the checkpoint barrier that follows it. */
  record PlannedPosition(String source, long position) implements Serializable {}

  private final List<OutputTag<Tuple2<Long, String>>> tasks;

  RoutePlannedWork(int sources) {
    List<OutputTag<Tuple2<Long, String>>> tags = new ArrayList<>();
    for (int i = 0; i < sources; i++) {
      tags.add(new OutputTag<>("tasks of source " + i, taskType()));
    }
    this.tasks = List.copyOf(tags);
  }

  static TypeInformation<Tuple2<Long, String>> taskType() {
    return Types.TUPLE(Types.LONG, Types.STRING);
  }

  /** The side output that carries the tasks of source {@code index}. */
  OutputTag<Tuple2<Long, String>> tasksOf(int index) {
    return tasks.get(index);
  }

  @Override
  public void processElement(
      Tuple3<Integer, Long, String> planned, Context context, Collector<byte[]> out)
      throws Exception {
    if (planned.f0 == PlannerSource.SCHEMA_CHANGED) {
      getRuntimeContext().getLongCounter(SCHEMA_CHANGED).add(1);
    } else if (planned.f0 == PlannerSource.POSITION) {
      out.collect(InstantiationUtil.serializeObject(new PlannedPosition(planned.f2, planned.f1)));
    } else {
      context.output(tasks.get(planned.f0), Tuple2.of(planned.f1, planned.f2));
    }
  }
}
