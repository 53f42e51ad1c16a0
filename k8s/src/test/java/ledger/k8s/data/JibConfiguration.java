package ledger.k8s.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The jib-maven-plugin configuration and the shade plugin's jar of app/pom.xml. */
record JibConfiguration(String baseImage, String mainClass, List<String> args, List<String> jvmFlags, String user,
    List<String> ports, String workingDirectory, String shadedJar, String shadedMainClass) {

  static JibConfiguration read(Path pom) {
    try {
      Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
      Element jib = plugin(project, "jib-maven-plugin");
      Element container = child(child(jib, "configuration"), "container");
      Element shade = plugin(project, "maven-shade-plugin");
      String outputFile = text(shade, "outputFile");
      String shadedMainClass = text(shade, "mainClass");
      return new JibConfiguration(text(child(child(jib, "configuration"), "from"), "image"), text(container, "mainClass"),
          texts(container, "arg"), texts(container, "jvmFlag"), text(container, "user"), texts(container, "port"),
          text(container, "workingDirectory"), outputFile.substring(outputFile.lastIndexOf('/') + 1), shadedMainClass);
    } catch (Exception e) {
      throw new IllegalStateException("cannot read " + pom, e);
    }
  }

  private static Element plugin(Element project, String artifactId) {
    NodeList plugins = project.getElementsByTagName("plugin");
    for (int i = 0; i < plugins.getLength(); i++) {
      Element plugin = (Element) plugins.item(i);
      if (text(plugin, "artifactId").equals(artifactId)) {
        return plugin;
      }
    }
    throw new AssertionError("no plugin " + artifactId);
  }

  private static Element child(Element parent, String name) {
    return (Element) parent.getElementsByTagName(name).item(0);
  }

  private static String text(Element parent, String name) {
    NodeList found = parent.getElementsByTagName(name);
    if (found.getLength() == 0) {
      throw new AssertionError("no <" + name + "> in <" + parent.getTagName() + ">");
    }
    return found.item(0).getTextContent().strip();
  }

  private static List<String> texts(Element parent, String name) {
    List<String> values = new ArrayList<>();
    NodeList found = parent.getElementsByTagName(name);
    for (int i = 0; i < found.getLength(); i++) {
      values.add(found.item(i).getTextContent().strip());
    }
    return values;
  }
}
