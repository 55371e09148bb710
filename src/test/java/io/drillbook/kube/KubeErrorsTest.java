package io.drillbook.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which API server answers end a restore's retries at once (lasting) and which are retried until its deadline. */
class KubeErrorsTest {
  @ParameterizedTest(name = "{0} lasting={1}")
  @CsvSource({"401,true", "403,true", "404,true", "422,true", "409,false", "429,false", "500,false", "503,false",
      "504,false"})
  void refusalsThatStayAreLasting(int code, boolean lasting) {
    KubernetesClientException e = new KubernetesClientException(new StatusBuilder().withCode(code)
        .withMessage("deployments.apps \"ledger-api\" answered " + code).build());
    assertThat(KubeErrors.failure("cannot read deployment payments-staging/ledger-api: ", e).lasting())
        .isEqualTo(lasting);
  }

  @ParameterizedTest(name = "unreachable")
  @CsvSource("Connection refused")
  void anUnreachableApiServerIsNotLasting(String message) {
    KubernetesClientException e = new KubernetesClientException("Operation: [get]", new ConnectException(message));
    var failure = KubeErrors.failure("cannot read deployment payments-staging/ledger-api: ", e);
    assertThat(failure.lasting()).isFalse();
    assertThat(failure.getMessage()).contains("API server unreachable (ConnectException: Connection refused)");
  }
}
