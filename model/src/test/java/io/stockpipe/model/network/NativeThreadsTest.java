package io.stockpipe.model.network;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

class NativeThreadsTest {

  @Test
  void theDenseNetRunsOnOneThreadAndTheCountsComeBackAfterwards() {
    int before = Nd4j.getEnvironment().maxMasterThreads();
    int ompBefore = NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
    try (NativeThreads threads = NativeThreads.forArchitecture(Architecture.DENSE)) {
      assertThat(Nd4j.getEnvironment().maxMasterThreads()).isEqualTo(1);
      assertThat(NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads())
          .isEqualTo(1);
      assertThat(Nd4j.factory().blas().getMaxThreads()).isEqualTo(1);
    }
    assertThat(Nd4j.getEnvironment().maxMasterThreads()).isEqualTo(before);
    assertThat(NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads())
        .isEqualTo(ompBefore);
    try (NativeThreads threads = NativeThreads.forArchitecture(Architecture.CNN)) {
      assertThat(Nd4j.getEnvironment().maxMasterThreads()).isEqualTo(before);
    }
  }
}
