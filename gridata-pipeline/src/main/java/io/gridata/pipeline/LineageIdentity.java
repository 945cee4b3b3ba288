package io.gridata.pipeline;

import static java.util.Objects.requireNonNull;

import io.gridata.lineage.Env;
import io.gridata.lineage.Owner;

/**
 * Where a pipeline's lineage belongs in DataHub: the environment of its datasets ({@code PROD} in
 * {@code urn:li:dataset:(urn:li:dataPlatform:iceberg,ecommerce.orders,PROD)}), the cluster of its
 * flow ({@code urn:li:dataFlow:(spark,ecommerce_orders,prod)}) and the owner of the tables it
 * writes.
 *
 * <pre>{@code
 * IngestPipeline.builder(spark, zone, new OrdersSpec())
 *     .lineage(() -> LineageSink.file(path))
 *     .lineageIdentity(new LineageIdentity(Env.STG, "staging",
 *         Owner.group("shop-data", Owner.Type.TECHNICAL_OWNER)))
 * }</pre>
 *
 * @param env the datasets' environment
 * @param cluster the flow's cluster
 * @param owner the owner of the written tables
 */
public record LineageIdentity(Env env, String cluster, Owner owner) {
  /** Checks the parts: the cluster names a DataHub URN part, so it cannot be blank. */
  public LineageIdentity {
    requireNonNull(env, "env is null");
    requireNonNull(cluster, "cluster is null");
    requireNonNull(owner, "owner is null");
    if (cluster.isBlank()) {
      throw new IllegalArgumentException(
          "Cannot name a lineage cluster '': it is part of the flow's URN; give e.g. \"prod\"");
    }
  }

  /** {@code PROD}, cluster {@code prod}, the tables owned by group {@code group} (technical). */
  public static LineageIdentity production(String group) {
    return new LineageIdentity(
        Env.PROD,
        "prod",
        Owner.group(requireNonNull(group, "group is null"), Owner.Type.TECHNICAL_OWNER));
  }
}
