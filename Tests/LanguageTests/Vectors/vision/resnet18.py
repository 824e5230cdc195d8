import torch
import torchvision
from torchvision.models import resnet18, ResNet18_Weights
torch.manual_seed(0)
model = resnet18(weights=None, num_classes=10)
print(model)
model.eval()
prediction = model(torch.rand(2, 3, 32, 32))
print(prediction[:, :4], sum(p.numel() for p in model.parameters()))
prediction.sum().backward()
print(model.fc.bias.grad, ResNet18_Weights.DEFAULT, type(model.layer1[0]).__name__)
print(torchvision.models.resnet50(num_classes=3).layer2[0])
