/**
 * Spark version shims: one small class per API that differs between the Spark lines Gridata builds
 * for. Each class has one implementation per line, in {@code src/main/spark-4} and {@code
 * src/main/spark-3.5}; the build adds the folder of the Spark it compiles against ({@code
 * -Pspark-3.5} picks the 3.5 one).
 */
package io.gridata.quality.compat;
