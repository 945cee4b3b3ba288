package io.gridata.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import com.linkedin.data.DataMap;
import com.linkedin.data.template.JacksonDataTemplateCodec;
import com.linkedin.mxe.MetadataChangeProposal;
import io.gridata.lineage.internal.AspectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AspectSchemaTest {
  private static final DataHubSchemaValidator VALIDATOR = new DataHubSchemaValidator();
  private final AspectMapper mapper = new AspectMapper("urn:li:corpuser:gridata");

  @ParameterizedTest
  @EnumSource(RunStatus.class)
  void everyEmittedAspectIsValidAgainstDataHubsSchemaAndEntityRegistry(RunStatus status)
      throws Exception {
    List<MetadataChangeProposal> proposals = mapper.proposals(Fixtures.run(status));

    JacksonDataTemplateCodec codec = new JacksonDataTemplateCodec();
    for (MetadataChangeProposal proposal : proposals) {
      assertThat(VALIDATOR.validate(codec.mapToString(proposal.data())))
          .as(proposal.getAspectName() + " of " + proposal.getEntityUrn())
          .isEmpty();
    }
  }

  @Test
  void aRunningRunEmitsOnlyTheStartEventAndValidates() throws Exception {
    RunLineage running =
        RunLineage.builder(Fixtures.job(), Run.started("run-1", Fixtures.START)).build();

    List<MetadataChangeProposal> proposals = mapper.proposals(running);

    assertThat(proposals.stream().filter(p -> p.getAspectName().endsWith("RunEvent")))
        .singleElement()
        .satisfies(p -> assertThat(aspectJson(p)).contains("\"STARTED\""));
    JacksonDataTemplateCodec codec = new JacksonDataTemplateCodec();
    for (MetadataChangeProposal proposal : proposals) {
      assertThat(VALIDATOR.validate(codec.mapToString(proposal.data()))).isEmpty();
    }
  }

  @Test
  void emitsTheAspectsTheIssueAsksForOnTheRightEntities() {
    List<MetadataChangeProposal> proposals = mapper.proposals(Fixtures.run(RunStatus.SUCCESS));

    Map<String, Set<String>> aspectsByEntity =
        proposals.stream()
            .collect(
                Collectors.groupingBy(
                    MetadataChangeProposal::getEntityType,
                    Collectors.mapping(MetadataChangeProposal::getAspectName, Collectors.toSet())));
    assertThat(aspectsByEntity)
        .containsOnly(
            Map.entry("dataFlow", Set.of("dataFlowInfo")),
            Map.entry("dataJob", Set.of("dataJobInfo", "dataJobInputOutput")),
            Map.entry(
                "dataset",
                Set.of(
                    "datasetProperties",
                    "schemaMetadata",
                    "ownership",
                    "globalTags",
                    "upstreamLineage")),
            Map.entry(
                "dataProcessInstance",
                Set.of(
                    "dataProcessInstanceProperties",
                    "dataProcessInstanceRelationships",
                    "dataProcessInstanceInput",
                    "dataProcessInstanceOutput",
                    "dataProcessInstanceRunEvent")),
            Map.entry("assertion", Set.of("assertionInfo", "assertionRunEvent")));
    assertThat(proposals)
        .filteredOn(p -> p.getAspectName().equals("assertionRunEvent"))
        .hasSize(Fixtures.assertions().size());
    assertThat(proposals)
        .filteredOn(p -> p.getAspectName().equals("dataProcessInstanceRunEvent"))
        .hasSize(2);
  }

  @Test
  void lineageNamesTheRawPrefixTheJobAndTheIcebergTable() {
    List<MetadataChangeProposal> proposals = mapper.proposals(Fixtures.run(RunStatus.SUCCESS));

    MetadataChangeProposal io = only(proposals, "dataJobInputOutput");
    assertThat(io.getEntityUrn().toString())
        .isEqualTo("urn:li:dataJob:(urn:li:dataFlow:(gridata,ecommerce_orders,prod),load_orders)");
    assertThat(aspectJson(io))
        .contains("urn:li:dataset:(urn:li:dataPlatform:s3,lake/raw/ecommerce/orders,PROD)")
        .contains("urn:li:dataset:(urn:li:dataPlatform:iceberg,ecommerce.orders,PROD)");
    MetadataChangeProposal upstream = only(proposals, "upstreamLineage");
    assertThat(upstream.getEntityUrn().toString())
        .isEqualTo("urn:li:dataset:(urn:li:dataPlatform:iceberg,ecommerce.orders,PROD)");
    assertThat(aspectJson(upstream))
        .contains("urn:li:dataPlatform:s3,lake/raw/ecommerce/orders,PROD")
        .contains(
            "urn:li:schemaField:(urn:li:dataset:(urn:li:dataPlatform:iceberg,ecommerce.orders,PROD),subtotal)")
        .contains("quantity * unit_price");
  }

  @Test
  void schemaFieldsEqualTheIcebergColumnsWithTypesNullabilityAndDocs() throws Exception {
    MetadataChangeProposal schema =
        only(mapper.proposals(Fixtures.run(RunStatus.SUCCESS)), "schemaMetadata");
    DataMap aspect = new JacksonDataTemplateCodec().stringToMap(aspectJson(schema));

    List<String> paths =
        aspect.getDataList("fields").stream()
            .map(f -> ((DataMap) f).getString("fieldPath"))
            .toList();
    assertThat(paths)
        .containsExactlyElementsOf(
            Fixtures.ORDERS_SCHEMA.columns().stream().map(c -> c.name()).toList());
    DataMap orderId = (DataMap) aspect.getDataList("fields").get(0);
    assertThat(orderId.getBoolean("nullable")).isFalse();
    assertThat(orderId.getString("description")).isEqualTo("Order key");
    assertThat(orderId.getString("nativeDataType")).isEqualTo("string");
    DataMap price = (DataMap) aspect.getDataList("fields").get(4);
    assertThat(price.getBoolean("nullable")).isTrue();
    assertThat(price.getDataMap("type").getDataMap("type"))
        .containsKey("com.linkedin.schema.NumberType");
  }

  @Test
  void theRunInstanceCarriesResultAttemptAndDuration() {
    RunLineage failed = Fixtures.run(RunStatus.FAILURE);
    List<MetadataChangeProposal> proposals = mapper.proposals(failed);

    MetadataChangeProposal end =
        proposals.stream()
            .filter(p -> p.getAspectName().equals("dataProcessInstanceRunEvent"))
            .reduce((a, b) -> b)
            .orElseThrow();
    assertThat(aspectJson(end))
        .contains("\"COMPLETE\"")
        .contains("\"FAILURE\"")
        .contains("\"attempt\":1")
        .contains("\"durationMillis\":150000");
    assertThat(end.getEntityUrn().toString())
        .isEqualTo(AspectMapper.processInstanceUrn(failed.job(), failed.run()));
  }

  @Test
  void assertionUrnsAreStablePerDatasetAndRule() {
    AssertionResult a = Fixtures.assertions().get(0);
    assertThat(AspectMapper.assertionUrn(a))
        .isEqualTo(AspectMapper.assertionUrn(a))
        .isNotEqualTo(AspectMapper.assertionUrn(Fixtures.assertions().get(1)))
        .matches("urn:li:assertion:[0-9a-f]{32}");
  }

  @Test
  void theValidatorRejectsAnAspectThatBreaksTheSchema() throws Exception {
    MetadataChangeProposal schema =
        only(mapper.proposals(Fixtures.run(RunStatus.SUCCESS)), "schemaMetadata");
    DataMap data = schema.data().copy();
    String broken = aspectJson(schema).replace("\"platform\"", "\"platfrom\"");
    ((DataMap) data.get("aspect"))
        .put("value", com.linkedin.data.ByteString.copyString(broken, StandardCharsets.UTF_8));

    assertThat(VALIDATOR.validate(data)).isNotEmpty();
  }

  @Test
  void theValidatorRejectsAnAspectOnTheWrongEntity() throws Exception {
    MetadataChangeProposal info =
        only(mapper.proposals(Fixtures.run(RunStatus.SUCCESS)), "dataFlowInfo");
    DataMap data = info.data().copy();
    data.put("aspectName", "datasetProperties");

    assertThat(VALIDATOR.validate(data)).isNotEmpty();
  }

  static MetadataChangeProposal only(List<MetadataChangeProposal> proposals, String aspect) {
    return proposals.stream()
        .filter(p -> p.getAspectName().equals(aspect))
        .reduce(
            (a, b) -> {
              throw new AssertionError("more than one " + aspect);
            })
        .orElseThrow(() -> new AssertionError("no " + aspect));
  }

  static String aspectJson(MetadataChangeProposal proposal) {
    return proposal.getAspect().getValue().asString(StandardCharsets.UTF_8);
  }
}
