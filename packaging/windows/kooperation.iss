; Inno Setup script: the Windows installer around the PyInstaller build (dist\kooperation).
; Steps (on Windows, see packaging/README.md): python scripts\build_app.py, then
;   iscc /DAppVersion=0.1.0 packaging\windows\kooperation.iss
; The installer needs no administrator rights (it installs for the current user), adds the
; start menu entry and registers project files (.kooperation) to open with Kooperation.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6C1F3E0A-3D2B-4C0E-9B8E-4B0C7A5E2F11}
AppName=Kooperation
AppVersion={#AppVersion}
AppPublisher=Kooperation
DefaultDirName={autopf}\Kooperation
DefaultGroupName=Kooperation
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir=..\..\dist
OutputBaseFilename=Kooperation-{#AppVersion}-Setup
SetupIconFile=..\icons\kooperation.ico
UninstallDisplayIcon={app}\Kooperation.exe
Compression=lzma2
SolidCompression=yes
ChangesAssociations=yes
WizardStyle=modern

[Languages]
Name: "de"; MessagesFile: "compiler:Languages\German.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[Files]
Source: "..\..\dist\kooperation\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Kooperation"; Filename: "{app}\Kooperation.exe"
Name: "{group}\{cm:UninstallProgram,Kooperation}"; Filename: "{uninstallexe}"

[Registry]
; project files (.kooperation) open with Kooperation
Root: HKA; Subkey: "Software\Classes\.kooperation"; ValueType: string; ValueName: ""; ValueData: "Kooperation.Projektdatei"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\Kooperation.Projektdatei"; ValueType: string; ValueName: ""; ValueData: "Kooperation-Projektdatei"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Kooperation.Projektdatei\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\Kooperation.exe,0"
Root: HKA; Subkey: "Software\Classes\Kooperation.Projektdatei\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\Kooperation.exe"" ""%1"""

; partner profiles to fill in (.kooperation-steckbrief) too
Root: HKA; Subkey: "Software\Classes\.kooperation-steckbrief"; ValueType: string; ValueName: ""; ValueData: "Kooperation.Steckbrief"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\Kooperation.Steckbrief"; ValueType: string; ValueName: ""; ValueData: "Kooperation-Steckbrief"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Kooperation.Steckbrief\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\Kooperation.exe,0"
Root: HKA; Subkey: "Software\Classes\Kooperation.Steckbrief\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\Kooperation.exe"" ""%1"""

[Run]
Filename: "{app}\Kooperation.exe"; Description: "{cm:LaunchProgram,Kooperation}"; Flags: nowait postinstall skipifsilent
