import Foundation
import Testing
import TestSupport

/// torchvision.models, written in the language and loaded on first import: resnet18's
/// structure, its seeded outputs in eval mode and its gradients as torchvision 0.29 and
/// PyTorch 2.15 print them (Vectors/vision/resnet18.out was made by them), and the refusal of
/// pretrained weights, which need a download.
struct TorchVisionModelsTests {
    @Test func resnet18IsTorchvisionsModel() throws {
        let dir = try #require(Bundle.module.url(forResource: "vision", withExtension: nil, subdirectory: "Vectors"))
        let source = try String(contentsOf: dir.appendingPathComponent("resnet18.py"), encoding: .utf8)
        let expected = try String(contentsOf: dir.appendingPathComponent("resnet18.out"), encoding: .utf8)
        let (output, error) = runProgram(source)
        #expect(error == nil)
        #expect(output == expected)
    }

    @Test func pretrainedWeightsAreRefusedWithTheWayOut() {
        for call in ["resnet18(weights=models.ResNet18_Weights.DEFAULT)", "vgg16(weights='IMAGENET1K_V1')", "resnet50(pretrained=True)"] {
            let (_, error) = runProgram("from torchvision import models\nmodels.\(call)")
            #expect(error?.hasPrefix("RuntimeError: tsh has no network, so the pretrained weights") == true, "\(call): \(error ?? "no error")")
        }
    }

    @Test func theModuleLoadsOnceAndIsReachableEveryWay() {
        let (output, error) = runProgram("""
        import torchvision
        import torchvision.models as tm
        from torchvision import models
        from torchvision.models import vgg11
        print(tm is models, torchvision.models is models, vgg11 is models.vgg11, 'resnet18' in dir(models))
        """)
        #expect(error == nil)
        #expect(output == "True True True True\n")
    }
}
